/** Postgres error details postgres.js exposes, for mapping expected violations to AppErrors. */
export type PgError = Error & { code?: string; constraint_name?: string };

export const isUniqueViolation = (error: unknown, constraint?: string): boolean =>
  (error as PgError)?.code === '23505' && (!constraint || (error as PgError).constraint_name === constraint);

/** A deadlock or serialization failure: the transaction did nothing and may simply be run again. */
export const isRetryableConflict = (error: unknown): boolean => ['40P01', '40001'].includes((error as PgError)?.code ?? '');
