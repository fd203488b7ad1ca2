import 'server-only';
import type { SessionUser } from '@/lib/auth/claims';
import { withRls } from '@/lib/db/rls';
import { cancelRemoteJob } from '@/lib/training/remote/cancel';
import { cancelBatches } from '../engine/schedule';
import { actorOf } from '../events';
import type { RunRow } from '../run-row';
import { NOW, refusedError, transition } from '../transition';
import { asRunAdmin } from './authorize';

/**
 * Cooperative cancel: the status flips at once (finished chunks stay); workers see it
 * within a poll and the run's batch jobs are cancelled, which aborts in-flight calls.
 * Cancelling a cancelled run is harmless and says so.
 */
export async function cancelRun(user: SessionUser, runId: string): Promise<{ run: RunRow; alreadyCancelled: boolean }> {
  const result = await asRunAdmin(user, runId, (tx) =>
    transition(tx, runId, {
      action: 'cancel',
      to: 'cancelled',
      actor: actorOf(user),
      message: 'Cancelled',
      set: (current) => ({ cancelled_from: current.status, stop_reason: 'cancelled', finished_at: NOW }),
    }),
  );
  if (!result.changed) {
    if (result.run.status === 'cancelled') return { run: result.run, alreadyCancelled: true };
    throw refusedError(result);
  }
  // The batches handed out in this epoch (below the cursor) that still have work: abort their jobs now.
  const inflight = await withRls(user.claims, (tx) =>
    tx<{ batch_no: number }[]>`
      select distinct batch_no from public.run_chunks
      where run_id = ${runId} and state = 'pending' and batch_no < (select batch_cursor from public.runs where id = ${runId})`,
  );
  await cancelBatches(runId, result.run.epoch, inflight.map((row) => row.batch_no));
  await cancelRemoteTraining(user, runId);
  return { run: result.run, alreadyCancelled: false };
}

/** A training on an external trainer: its job is cancelled there too (best effort), and forgotten, so proceed submits afresh. */
async function cancelRemoteTraining(user: SessionUser, runId: string) {
  const job = await withRls(user.claims, async (tx) => {
    const [row] = await tx<{ training_remote_job: string | null }[]>`select training_remote_job from public.runs where id = ${runId} for update`;
    if (!row?.training_remote_job) return null;
    await tx`update public.runs set training_remote_job = null where id = ${runId}`;
    return row.training_remote_job;
  });
  if (job) await cancelRemoteJob(job);
}
