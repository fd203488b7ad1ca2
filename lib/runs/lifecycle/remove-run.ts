import 'server-only';
import type { SessionUser } from '@/lib/auth/claims';
import { AppError } from '@/lib/errors';
import type { RunStatus } from '../status';
import { REMOVABLE } from '../status';
import { asRunAdmin } from './authorize';
import { actorOf } from './start-run';

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
    const [removed] = await tx<{ parent_run_id: string | null; workspace_id: string }[]>`
      delete from public.runs where id = ${runId} returning parent_run_id, workspace_id`;
    // A removed continuation hands the lineage back to its parent: it can be continued (or
    // retried) again, and it blocks its corpus again as the lineage head.
    if (removed?.parent_run_id) {
      const actor = actorOf(user);
      await tx`
        with parent as (
          update public.runs set continued_at = null where id = ${removed.parent_run_id} returning id, workspace_id, status)
        insert into public.run_events (run_id, workspace_id, actor_id, actor, from_status, to_status, message)
        select id, workspace_id, ${actor.id}, ${actor.label}, status, status, ${`Continuation ${runId} removed`} from parent`;
    }
    return { deleted_pairs: pairs };
  });
}
