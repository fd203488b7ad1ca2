/** Postgres error details postgres.js exposes, for mapping expected violations to AppErrors. */
export type PgError = Error & { code?: string; constraint_name?: string };

export const isUniqueViolation = (error: unknown, constraint?: string): boolean =>
  (error as PgError)?.code === '23505' && (!constraint || (error as PgError).constraint_name === constraint);

/** A deadlock or serialization failure: the transaction did nothing and may simply be run again. */
export const isRetryableConflict = (error: unknown): boolean => ['40P01', '40001'].includes((error as PgError)?.code ?? '');

/**
 * A data exception (SQLSTATE class 22: a value Postgres cannot store or read, e.g. a NUL in
 * text, an impossible date). Input is validated at the boundary; whatever still slips
 * through is the caller's bad value, answered as such rather than as an internal error.
 */
export const isDataException = (error: unknown): boolean => /^22[0-9A-Z]{3}$/.test((error as PgError)?.code ?? '');

export const DATA_EXCEPTION_MESSAGE = 'A value in the request cannot be stored or read: check the fields for unusual characters or impossible dates.';
