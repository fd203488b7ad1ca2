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
  const [now] = await tx<{ total: number; fingerprint: string | null; recorded: string | null; added: number }[]>`
    select count(rc.chunk_id)::int as total,
           md5(string_agg(rc.chunk_id::text, ',' order by rc.chunk_id)) as fingerprint,
           (select corpus_fingerprint from public.runs where id = ${run.id}) as recorded,
           (select count(*)::int from public.chunks c where c.corpus_id = ${run.corpus_id}
              and not exists (select 1 from public.run_chunks x where x.run_id = ${run.id} and x.chunk_id = c.id)) as added
    from public.run_chunks rc where rc.run_id = ${run.id}`;
  const deleted = run.total_chunks - now!.total;
  if (deleted === 0 && now!.fingerprint === now!.recorded) return now!.added > 0 ? { deleted_chunks: 0, added_chunks: now!.added } : null;
  await tx`
    update public.runs set
      total_chunks = (select count(*) from public.run_chunks where run_id = ${run.id}),
      processed_chunks = (select count(*) from public.run_chunks where run_id = ${run.id} and state = 'done'),
      failed_chunks = (select count(*) from public.run_chunks where run_id = ${run.id} and state = 'failed'),
      pair_count = (select count(*) from public.pairs where run_id = ${run.id}),
      corpus_fingerprint = ${now!.fingerprint}
    where id = ${run.id}`;
  return { deleted_chunks: Math.max(0, deleted), added_chunks: now!.added };
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
