import 'server-only';
import type { SessionUser } from '@/lib/auth/claims';
import { AppError } from '@/lib/errors';
import { countTrainablePairs, lineageOf } from '@/lib/training/dataset';
import { scheduleRun } from '../engine/schedule';
import type { RunRow } from '../run-row';
import { asRunAdmin } from './authorize';
import { actorOf } from './start-run';
import { transition, wrongState } from './transition';

/**
 * Starts training a generated run: the retrieval adapter is trained on the pairs of the
 * run's whole lineage that were not rejected in review. A run with nothing to train on is
 * refused (422) and left as it was.
 */
export async function trainRun(user: SessionUser, runId: string): Promise<RunRow> {
  const result = await asRunAdmin(user, runId, async (tx) => {
    const outcome = await transition(tx, runId, {
      from: ['generated'],
      to: 'training',
      actor: actorOf(user),
      message: 'Training started',
      set: (current) => ({ epoch: current.epoch + 1, batch_cursor: 0, training_steps_done: 0, training_steps_total: null, stop_reason: null, finished_at: null, metrics: null }),
    });
    if (!outcome.changed) return outcome;
    if (outcome.run.continued_at) {
      throw new AppError('already_continued', 'This run has been continued: train the latest run of its lineage, which trains on the whole lineage.', { status: 409, fields: { status: 'generated' } });
    }
    // Read under the user's RLS: the lineage and pairs they can see are the ones trained on.
    const trainable = await countTrainablePairs(tx, await lineageOf(tx, runId));
    if (trainable === 0) {
      throw new AppError('nothing_to_train', 'This run has no pairs to train on: every pair was rejected. Approve some pairs or retry its failed chunks first.', { status: 422 });
    }
    return outcome;
  });
  if (!result.changed) throw wrongState('train', result.run);
  await scheduleRun(runId);
  return result.run;
}
