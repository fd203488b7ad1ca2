import 'server-only';
import type { PgError } from '@/lib/db/errors';
import { AppError } from '@/lib/errors';

/**
 * The team functions and triggers raise their refusals with a `recall:<code>` hint; this
 * turns them (and a refused privilege) into the API's errors. Anything else is rethrown.
 */
export async function teamCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw teamError(error);
  }
}

function teamError(error: unknown): unknown {
  const pg = error as PgError & { hint?: string };
  if (pg?.hint === 'recall:last_admin') return new AppError('last_admin', pg.message);
  if (pg?.hint === 'recall:already_member') return new AppError('already_member', pg.message);
  if (pg?.code === '42501') return new AppError('forbidden', 'Only workspace admins can do this.');
  return error;
}
