import 'server-only';
import type { SessionUser } from '@/lib/auth/claims';
import { AppError } from '@/lib/errors';
import { countTrainablePairs } from '@/lib/training/dataset';
import { trainingOptionsSchema, type TrainingOptionsInput } from '@/lib/training/options';
import { trainerUnavailable } from '@/lib/training/remote/availability';
import { assertEmbedderUsable } from '@/lib/training/select';
import { parseInput } from '@/lib/validation';
import { scheduleRun } from '../engine/schedule';
import { actorOf } from '../events';
import { lineageOf } from '../lineage';
import type { RunRow } from '../run-row';
import { refusedError, transition } from '../transition';
import { asRunAdmin } from './authorize';

/**
 * Starts training a generated run: the retrieval adapter is trained on the pairs of the
 * run's whole lineage that were not rejected in review. A run with nothing to train on is
 * refused (422) and left as it was. `options` are validated here, whoever calls.
 */
export async function trainRun(user: SessionUser, runId: string, optionsInput: TrainingOptionsInput = {}): Promise<RunRow> {
  const options = parseInput(trainingOptionsSchema, optionsInput);
  assertEmbedderUsable(options);
  const unavailable = await trainerUnavailable(options);
  if (unavailable) throw new AppError('trainer_unavailable', unavailable, { fields: { reason: unavailable } });
  const run = await asRunAdmin(user, runId, async (tx) => {
    const outcome = await transition(tx, runId, {
      action: 'train',
      to: 'training',
      actor: actorOf(user),
      message: 'Training started',
      set: (current) => ({
        epoch: current.epoch + 1,
        batch_cursor: 0,
        training_steps_done: 0,
        training_steps_total: null,
        training_progress: null,
        training_options: tx.json(options),
        training_remote_job: null,
        stop_reason: null,
        finished_at: null,
        metrics: null,
      }),
    });
    if (!outcome.changed) throw refusedError(outcome);
    // Read under the user's RLS: the lineage and pairs they can see are the ones trained on.
    const trainable = await countTrainablePairs(tx, await lineageOf(tx, runId));
    if (trainable === 0) {
      throw new AppError('nothing_to_train', 'This run has no pairs to train on: every pair was rejected. Approve some pairs or retry its failed chunks first.');
    }
    return outcome.run;
  });
  await scheduleRun(runId);
  return run;
}
