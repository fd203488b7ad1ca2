import 'server-only';
import type { SessionUser } from '@/lib/auth/claims';
import { AppError } from '@/lib/errors';
import { numberUnassigned } from '../engine/batches';
import { scheduleRun } from '../engine/schedule';
import { actorOf } from '../events';
import { RUN_COLUMNS, type RunRow } from '../run-row';
import { refusedError, transition } from '../transition';
import { asRunAdmin } from './authorize';

/** Sends a generated run's individually failed chunks back to pending; only they are processed. */
export async function retryFailedChunks(user: SessionUser, runId: string): Promise<{ run: RunRow; retried: number }> {
  const outcome = await asRunAdmin(user, runId, async (tx) => {
    const result = await transition(tx, runId, {
      action: 'retry-failed',
      to: 'generating',
      actor: actorOf(user),
      message: 'Retrying failed chunks',
      set: (current) => ({ epoch: current.epoch + 1, batch_cursor: 0, finished_at: null, stop_reason: null, consecutive_failures: 0, chunks_removed: 0 }),
    });
    if (!result.changed) throw refusedError(result);
    const retried = await tx`
      update public.run_chunks set state = 'pending', attempts = 0, last_error = null, raw_output = null, finished_at = null,
             batch_no = null, updated_at = now()
      where run_id = ${runId} and state = 'failed'`;
    // The counter equals count(*) of failed chunks; this only guards against a hand-edited row.
    if (retried.count === 0) throw new AppError('nothing_to_do', 'This run has no failed chunks.', { fields: { status: 'generated' } });
    await numberUnassigned(tx, runId);
    const [run] = await tx<RunRow[]>`
      update public.runs set failed_chunks = failed_chunks - ${retried.count} where id = ${runId}
      returning ${tx.unsafe(RUN_COLUMNS)}`;
    return { run: run!, retried: retried.count };
  });
  await scheduleRun(runId);
  return outcome;
}
