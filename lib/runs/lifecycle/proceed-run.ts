import 'server-only';
import type { TransactionSql } from 'postgres';
import type { SessionUser } from '@/lib/auth/claims';
import { scheduleRun } from '../engine/schedule';
import { actorOf, recordEvent } from '../events';
import { refingerprint } from '../fingerprint';
import type { RunRow } from '../run-row';
import { phaseOf, type RunStatus } from '../status';
import { refusedError, transition } from '../transition';
import { asRunAdmin } from './authorize';

export type Drift = { deleted_chunks: number; added_chunks: number } | null;

/**
 * Corpus drift since the run started: chunks deleted from the corpus are gone from the run
 * (cascade; the counters followed them) and are skipped; chunks added since are left for a
 * continuation. Reported once, then the run's fingerprint is taken again.
 */
async function reconcile(tx: TransactionSql, run: RunRow): Promise<Drift> {
  // Counts only (no per-chunk comparison), so proceeding a run of a million chunks stays fast.
  const [now] = await tx<{ added: number; deleted: number }[]>`
    select (select count(*)::int from public.chunks c where c.corpus_id = r.corpus_id and c.created_at > r.created_at) as added,
           r.chunks_removed as deleted
    from public.runs r where r.id = ${run.id}`;
  const { added, deleted } = now!;
  if (deleted === 0) return added > 0 ? { deleted_chunks: 0, added_chunks: added } : null;
  await tx`update public.runs set chunks_removed = 0 where id = ${run.id}`;
  await refingerprint(tx, run.id);
  return { deleted_chunks: deleted, added_chunks: added };
}

/**
 * Resumes a failed or cancelled run in place, in the phase that stopped: only the work
 * not yet done is done, and progress continues from the true count.
 */
export async function proceedRun(user: SessionUser, runId: string): Promise<{ run: RunRow; drift: Drift }> {
  const outcome = await asRunAdmin(user, runId, async (tx) => {
    const result = await transition(tx, runId, {
      action: 'proceed',
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
    if (!result.changed) throw refusedError(result);
    const drift = await reconcile(tx, result.run);
    if (drift?.deleted_chunks) {
      await recordEvent(tx, runId, { actor: actorOf(user), message: `The corpus changed: ${drift.deleted_chunks} deleted chunks are skipped` });
    }
    return { run: result.run, drift };
  });
  await scheduleRun(runId);
  return outcome;
}

/** A failed phase resumes as itself; a cancelled run returns to the status it left. */
function targetOf(current: RunRow): RunStatus {
  if (current.status === 'generating_failed' || current.status === 'training_failed') return phaseOf(current.status);
  return current.cancelled_from ?? 'generating';
}
