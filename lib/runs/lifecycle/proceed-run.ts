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
 * Corpus drift since the run started: chunks deleted from the corpus are gone from the
 * run (cascade) and are skipped; chunks added since are left for a continuation. The
 * counters are recomputed from the rows so they stay exact.
 */
async function reconcile(tx: TransactionSql, run: RunRow): Promise<Drift> {
  // Counts only (no per-chunk comparison), so proceeding a run of a million chunks stays fast.
  const [now] = await tx<{ total: number; added: number }[]>`
    select (select count(*)::int from public.run_chunks where run_id = ${run.id}) as total,
           (select count(*)::int from public.chunks c where c.corpus_id = ${run.corpus_id} and c.created_at > ${run.created_at}) as added`;
  const deleted = run.total_chunks - now!.total;
  if (deleted === 0) return now!.added > 0 ? { deleted_chunks: 0, added_chunks: now!.added } : null;
  await tx`
    update public.runs set
      total_chunks = ${now!.total},
      processed_chunks = (select count(*) from public.run_chunks where run_id = ${run.id} and state = 'done'),
      failed_chunks = (select count(*) from public.run_chunks where run_id = ${run.id} and state = 'failed'),
      pair_count = (select count(*) from public.pairs where run_id = ${run.id}),
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
        epoch: current.epoch + 1,
        consecutive_failures: 0,
        error_code: null,
        error_message: null,
        error_phase: null,
        stop_reason: null,
        cancelled_from: null,
        finished_at: null,
      }),
    });
    if (!result.changed) return { result, drift: null };
    // The new epoch gives every batch a new job id; pending chunks are handed out afresh.
    await tx`update public.run_chunks set batch_no = null where run_id = ${runId} and state = 'pending'`;
    const drift = await reconcile(tx, result.run);
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
