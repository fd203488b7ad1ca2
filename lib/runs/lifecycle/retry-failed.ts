import 'server-only';
import type { SessionUser } from '@/lib/auth/claims';
import { AppError } from '@/lib/errors';
import { numberUnassigned } from '../engine/batches';
import { scheduleRun } from '../engine/schedule';
import { RUN_COLUMNS, type RunRow } from '../run-row';
import { asRunAdmin } from './authorize';
import { actorOf } from './start-run';
import { transition, wrongState } from './transition';

/** Sends a generated run's individually failed chunks back to pending; only they are processed. */
export async function retryFailedChunks(user: SessionUser, runId: string): Promise<{ run: RunRow; retried: number }> {
  const outcome = await asRunAdmin(user, runId, async (tx) => {
    const result = await transition(tx, runId, {
      from: ['generated'],
      to: 'generating',
      actor: actorOf(user),
      message: 'Retrying failed chunks',
      set: (current) => ({ epoch: current.epoch + 1, batch_cursor: 0, finished_at: null, stop_reason: null, consecutive_failures: 0, chunks_removed: 0 }),
    });
    if (!result.changed) return { result, retried: 0 };
    // A continuation already took this run's failed chunks over (it covers what the lineage has not finished).
    if (result.run.continued_at) {
      throw new AppError('already_continued', 'This run has been continued: its failed chunks are part of the continuation.', { status: 409, fields: { status: 'generated' } });
    }
    const retried = await tx`
      update public.run_chunks set state = 'pending', attempts = 0, last_error = null, raw_output = null, finished_at = null,
             batch_no = null, updated_at = now()
      where run_id = ${runId} and state = 'failed'`;
    if (retried.count === 0) throw new AppError('nothing_to_do', 'This run has no failed chunks.', { status: 409, fields: { status: 'generated' } });
    await numberUnassigned(tx, runId);
    const [run] = await tx<RunRow[]>`
      update public.runs set failed_chunks = failed_chunks - ${retried.count} where id = ${runId}
      returning ${tx.unsafe(RUN_COLUMNS)}`;
    return { result: { ...result, run: run! }, retried: retried.count };
  });
  if (!outcome.result.changed) throw wrongState('retry failed chunks of', outcome.result.run);
  await scheduleRun(runId);
  return { run: outcome.result.run, retried: outcome.retried };
}
