import 'server-only';
import type { SessionUser } from '@/lib/auth/claims';
import { AppError } from '@/lib/errors';
import type { RunStatus } from '../status';
import { REMOVABLE } from '../status';
import { asRunAdmin } from './authorize';

/**
 * Deletes a failed, cancelled or generated run; its chunk states, pairs and events go with
 * it (cascade). Answers how many pairs were removed. A run that a continuation builds on
 * stays until its continuations are removed.
 */
export async function removeRun(user: SessionUser, runId: string): Promise<{ deleted_pairs: number }> {
  return asRunAdmin(user, runId, async (tx) => {
    const [run] = await tx<{ status: RunStatus; pair_count: number; children: number }[]>`
      select status, pair_count, (select count(*)::int from public.runs c where c.parent_run_id = r.id) as children
      from public.runs r where id = ${runId} for update`;
    if (!run) throw new AppError('not_found', 'Run not found.');
    if (!(REMOVABLE as readonly RunStatus[]).includes(run.status)) {
      throw new AppError('invalid_state', `Cannot remove a run that is ${run.status.replace('_', ' ')}: cancel it first.`, { status: 409, fields: { status: run.status } });
    }
    if (run.children > 0) {
      throw new AppError('has_continuations', 'Other runs continue this one: remove them first.', { status: 409, fields: { status: run.status } });
    }
    const [{ pairs }] = (await tx`select count(*)::int as pairs from public.pairs where run_id = ${runId}`) as unknown as [{ pairs: number }];
    await tx`delete from public.runs where id = ${runId}`;
    return { deleted_pairs: pairs };
  });
}
