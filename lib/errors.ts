/**
 * The one error type the domain throws for expected failures. Its code and message are
 * safe to show to users and scripts; anything else is an internal error and is hidden.
 */
export type AppErrorCode =
  | 'bad_request'
  | 'validation_failed'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'rate_limited'
  | 'internal';

const STATUS: Record<AppErrorCode, number> = {
  bad_request: 400,
  validation_failed: 422,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
};

export class AppError extends Error {
  override name = 'AppError';
  readonly status: number;
  constructor(
    readonly code: AppErrorCode | (string & {}),
    message: string,
    options: {
      status?: number;
      details?: Record<string, unknown>;
      /** Extra members of the error object itself (the public contract names some, e.g. blocking_run_id). */
      fields?: Record<string, unknown>;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(message);
    this.status = options.status ?? STATUS[code as AppErrorCode] ?? 400;
    this.details = options.details;
    this.fields = options.fields;
    this.headers = options.headers;
  }
  readonly details: Record<string, unknown> | undefined;
  readonly fields: Record<string, unknown> | undefined;
  readonly headers: Record<string, string> | undefined;
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;
