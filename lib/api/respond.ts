import 'server-only';
import { NextResponse } from 'next/server';
import { DATA_EXCEPTION_MESSAGE, isDataException, type PgError } from '@/lib/db/errors';
import { ERROR_STATUS, isAppError } from '@/lib/errors';

export type ApiErrorBody = { error: { code: string; message: string; details?: Record<string, unknown>; [field: string]: unknown } };

/** The one mapper from a thrown error to an HTTP answer. Internals never leave the server. */
export function errorResponse(error: unknown): NextResponse<ApiErrorBody> {
  if (isAppError(error)) {
    const body: ApiErrorBody = { error: { ...error.fields, code: error.code, message: error.message } };
    if (error.details) body.error.details = error.details;
    return NextResponse.json(body, { status: error.status, headers: error.headers });
  }
  if (isDataException(error)) {
    console.warn('[api] refused a value Postgres cannot hold', (error as PgError).code);
    return NextResponse.json({ error: { code: 'bad_request', message: DATA_EXCEPTION_MESSAGE } }, { status: ERROR_STATUS.bad_request });
  }
  console.error('[api] unexpected error', error);
  return NextResponse.json(
    { error: { code: 'internal', message: 'Something went wrong on our side. Try again; if it persists, check the server log.' } },
    { status: ERROR_STATUS.internal },
  );
}
