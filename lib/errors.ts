/**
 * Every error code Recall answers with, and its one HTTP status. A throw site names a code,
 * never a status: the same failure always reaches scripts the same way.
 */
export const ERROR_STATUS = {
  bad_request: 400,
  /** GoTrue's answer to a wrong email or password, kept for scripts written against Supabase Auth. */
  invalid_credentials: 400,
  unauthenticated: 401,
  forbidden: 403,
  /** A cookie-authenticated write from a page that is not Recall's own (CSRF). */
  cross_origin_request: 403,
  not_found: 404,
  conflict: 409,
  /** The run's status does not allow the action (`status` says what it is). */
  invalid_state: 409,
  /** The corpus has an unfinished run (`blocking_run_id`, `blocking_run_status`). */
  run_blocked: 409,
  already_continued: 409,
  has_continuations: 409,
  duplicate_document: 409,
  /** The email already belongs to a member of the workspace. */
  already_member: 409,
  /** The change would leave the workspace without an admin. */
  last_admin: 409,
  /** The chosen trainer cannot train now (`reason` says why: not configured, unreachable, embedder not supported). */
  trainer_unavailable: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  unsupported_document: 422,
  empty_document: 422,
  /** Nothing to work on: an empty corpus, a covered lineage, no failed chunks to retry. */
  nothing_to_do: 422,
  nothing_to_train: 422,
  /** The invitation link is unknown, used, revoked or expired. */
  invitation_invalid: 422,
  /** Supabase mode: no Supabase Auth account has the email (they sign up there first). */
  no_account: 422,
  rate_limited: 429,
  internal: 500,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;
export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

/**
 * The one error type the domain throws for expected failures. Its code and message are
 * safe to show to users and scripts; anything else is an internal error and is hidden.
 */
export class AppError extends Error {
  override name = 'AppError';
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;
  readonly fields: Record<string, unknown> | undefined;
  readonly headers: Record<string, string> | undefined;
  constructor(
    readonly code: ErrorCode,
    message: string,
    options: {
      details?: Record<string, unknown>;
      /** Extra members of the error object itself (the public contract names some, e.g. blocking_run_id). */
      fields?: Record<string, unknown>;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
    this.details = options.details;
    this.fields = options.fields;
    this.headers = options.headers;
  }
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;
