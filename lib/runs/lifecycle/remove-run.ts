import 'server-only';
import type { SessionUser } from '@/lib/auth/claims';
import { assertAllowed } from '../available-actions';
import { actorOf, recordEvent } from '../events';
import { lockRun } from '../transition';
import { asRunAdmin } from './authorize';

/**
 * Deletes a failed, cancelled or generated run; its chunk states, pairs and events go with
 * it (cascade). Answers how many pairs were removed. A run that a continuation builds on
 * stays until its continuations are removed.
 */
export async function removeRun(user: SessionUser, runId: string): Promise<{ deleted_pairs: number }> {
  return asRunAdmin(user, runId, async (tx) => {
    assertAllowed('remove', await lockRun(tx, runId));
    const [{ pairs }] = (await tx`select count(*)::int as pairs from public.pairs where run_id = ${runId}`) as unknown as [{ pairs: number }];
    const [removed] = await tx<{ parent_run_id: string | null }[]>`delete from public.runs where id = ${runId} returning parent_run_id`;
    // A removed continuation hands the lineage back to its parent: it can be continued (or
    // retried) again, and it blocks its corpus again as the lineage head.
    if (removed?.parent_run_id) {
      await tx`update public.runs set continued_at = null where id = ${removed.parent_run_id}`;
      await recordEvent(tx, removed.parent_run_id, { actor: actorOf(user), message: `Continuation ${runId} removed` });
    }
    return { deleted_pairs: pairs };
  });
}
