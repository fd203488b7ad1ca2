import 'server-only';
import { NextResponse } from 'next/server';
import { isAppError } from '@/lib/errors';

export type ApiErrorBody = { error: { code: string; message: string; details?: Record<string, unknown>; [field: string]: unknown } };

/** The one mapper from a thrown error to an HTTP answer. Internals never leave the server. */
export function errorResponse(error: unknown): NextResponse<ApiErrorBody> {
  if (isAppError(error)) {
    const body: ApiErrorBody = { error: { ...error.fields, code: error.code, message: error.message } };
    if (error.details) body.error.details = error.details;
    return NextResponse.json(body, { status: error.status, headers: error.headers });
  }
  console.error('[api] unexpected error', error);
  return NextResponse.json(
    { error: { code: 'internal', message: 'Something went wrong on our side. Try again; if it persists, check the server log.' } },
    { status: 500 },
  );
}
