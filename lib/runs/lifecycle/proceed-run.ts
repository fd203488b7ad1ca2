import 'server-only';
import type { TransactionSql } from 'postgres';
import type { SessionUser } from '@/lib/auth/claims';
import { scheduleRun } from '../engine/schedule';
import type { RunRow } from '../run-row';
import { PROCEEDABLE, phaseOf, type RunStatus } from '../status';
import { asRunAdmin } from './authorize';
import { actorOf } from './start-run';
import { transition, wrongState } from './transition';

export type Drift = { deleted_chunks: number; added_chunks: number } | null;

/**
 * Corpus drift since the run started: chunks deleted from the corpus are gone from the run
 * (cascade; the counters followed them) and are skipped; chunks added since are left for a
 * continuation. Reported once, then the run's fingerprint is taken again.
 */
async function reconcile(tx: TransactionSql, run: RunRow & { chunks_removed: number }): Promise<Drift> {
  // Counts only (no per-chunk comparison), so proceeding a run of a million chunks stays fast.
  const [now] = await tx<{ added: number }[]>`
    select count(*)::int as added from public.chunks c
    where c.corpus_id = ${run.corpus_id} and c.created_at > (select created_at from public.runs where id = ${run.id})`;
  const deleted = run.chunks_removed;
  if (deleted === 0) return now!.added > 0 ? { deleted_chunks: 0, added_chunks: now!.added } : null;
  await tx`
    update public.runs set chunks_removed = 0,
      corpus_fingerprint = (select md5(string_agg(chunk_id::text, ',' order by chunk_id)) from public.run_chunks where run_id = ${run.id})
    where id = ${run.id}`;
  return { deleted_chunks: deleted, added_chunks: now!.added };
}

/**
 * Resumes a failed or cancelled run in place, in the phase that stopped: only the work
 * not yet done is done, and progress continues from the true count.
 */
export async function proceedRun(user: SessionUser, runId: string): Promise<{ run: RunRow; drift: Drift }> {
  const outcome = await asRunAdmin(user, runId, async (tx) => {
    const result = await transition(tx, runId, {
      from: PROCEEDABLE,
      to: targetOf,
      actor: actorOf(user),
      message: 'Proceeded',
      set: (current) => ({
        // A new epoch gives every batch a new job id: pending chunks are handed out afresh.
        epoch: current.epoch + 1,
        batch_cursor: 0,
        consecutive_failures: 0,
        recovery_attempts: 0,
        error_code: null,
        error_message: null,
        error_phase: null,
        stop_reason: null,
        cancelled_from: null,
        finished_at: null,
      }),
    });
    if (!result.changed) return { result, drift: null };
    const [{ chunks_removed }] = (await tx`select chunks_removed from public.runs where id = ${runId}`) as unknown as [{ chunks_removed: number }];
    const drift = await reconcile(tx, { ...result.run, chunks_removed });
    if (drift?.deleted_chunks) {
      await tx`insert into public.run_events (run_id, workspace_id, actor_id, actor, from_status, to_status, message)
               values (${runId}, ${result.run.workspace_id}, ${user.id}, ${actorOf(user).label}, ${result.run.status}, ${result.run.status},
                       ${`The corpus changed: ${drift.deleted_chunks} deleted chunks are skipped`})`;
    }
    return { result, drift };
  });
  if (!outcome.result.changed) throw wrongState('proceed', outcome.result.run);
  await scheduleRun(runId);
  return { run: outcome.result.run, drift: outcome.drift };
}

/** A failed phase resumes as itself; a cancelled run returns to the status it left. */
function targetOf(current: RunRow): RunStatus {
  if (current.status === 'generating_failed' || current.status === 'training_failed') return phaseOf(current.status);
  return current.cancelled_from ?? 'generating';
}
