import 'server-only';
import type { TransactionSql } from 'postgres';
import type { SessionUser } from '@/lib/auth/claims';
import { isRetryableConflict } from '@/lib/db/errors';
import { withRls } from '@/lib/db/rls';
import { AppError } from '@/lib/errors';
import { assertWorkspaceRole } from '@/lib/workspaces/access';

/**
 * Runs a lifecycle action for a user: the run must be visible (else 404) and the user an
 * admin of its workspace (else 403); the action then runs under the user's RLS.
 */
export async function asRunAdmin<T>(user: SessionUser, runId: string, action: (tx: TransactionSql) => Promise<T>): Promise<T> {
  const run = await withRls(user.claims, async (tx) => (await tx<{ workspace_id: string }[]>`select workspace_id from public.runs where id = ${runId}`)[0]);
  if (!run) throw new AppError('not_found', 'Run not found.');
  await assertWorkspaceRole(user, run.workspace_id, 'admin');
  // A lifecycle action may meet a result write of the same run head-on (each holds a row the
  // other wants); Postgres aborts one of them. The action is all database work: run it again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await withRls(user.claims, action);
    } catch (error) {
      if (attempt >= 3 || !isRetryableConflict(error)) throw error;
    }
  }
}
