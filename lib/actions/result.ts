import 'server-only';
import { z } from 'zod';
import { DATA_EXCEPTION_MESSAGE, isDataException } from '@/lib/db/errors';
import { AppError, isAppError } from '@/lib/errors';

/** What every server action returns: small, serialisable, safe to show. */
export type ActionResult<T = undefined> =
  | { ok: true; message: string; data?: T }
  | { ok: false; message: string; code?: string; fieldErrors?: Record<string, string[] | undefined>; status?: string };

/** Maps a thrown error to an action result: AppErrors and zod errors say what went wrong; anything else is hidden. */
export function actionError(error: unknown): ActionResult<never> {
  if (error instanceof z.ZodError) {
    return { ok: false, code: 'validation_failed', message: 'Check the highlighted fields.', fieldErrors: z.flattenError(error).fieldErrors as Record<string, string[]> };
  }
  if (isAppError(error)) {
    const status = typeof error.fields?.status === 'string' ? error.fields.status : undefined;
    const fieldErrors = error.details?.fieldErrors as Record<string, string[] | undefined> | undefined;
    return {
      ok: false,
      code: error.code,
      message: fieldErrors ? 'Check the highlighted fields.' : error.message,
      ...(status ? { status } : {}),
      ...(fieldErrors ? { fieldErrors } : {}),
    };
  }
  // Next's redirect/notFound signals must keep propagating.
  if (error && typeof error === 'object' && 'digest' in error && typeof error.digest === 'string' && error.digest.startsWith('NEXT_')) throw error;
  if (isDataException(error)) return { ok: false, code: 'bad_request', message: DATA_EXCEPTION_MESSAGE };
  console.error('[action] failed', error);
  return { ok: false, code: 'internal', message: 'Something went wrong on our side. Try again.' };
}

/**
 * A server action is a public endpoint: anyone can call it with any arguments. A form
 * action insists on a FormData (else a clear 'bad_request' result, not an internal error).
 */
export function formDataOf(value: unknown): FormData {
  if (value instanceof FormData) return value;
  throw new AppError('bad_request', 'Send this as a form.');
}

/** A text field of a form ('' when missing, or when a file was sent in its place). */
export function textField(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}
