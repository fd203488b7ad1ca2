import { createAdapter } from './adapter';
import { trainingStep } from './batches';
import { fnv1a } from './random';
import { TRAINING } from './settings';
import type { Trainer } from './trainer';

/**
 * Trains in this process: InfoNCE steps with AdamW, step k's batch seeded by (run, k), so a
 * training resumed from a checkpoint takes exactly the steps an uninterrupted one would.
 */
export function createLocalTrainer(): Trainer {
  return {
    name: 'local',
    async train({ runId, data, dim, resumeFrom, signal, progress }) {
      const adapter = resumeFrom ?? createAdapter(dim);
      const total = Math.min(TRAINING.maxSteps, Math.max(TRAINING.minSteps, Math.ceil((TRAINING.epochs * data.train.length) / TRAINING.batchSize)));
      if (!(await progress(adapter, total, { checkpoint: true }))) return null;
      let lastTick = Date.now();
      let lastCheckpoint = { at: Date.now(), steps: adapter.steps };
      let loss = 0;
      while (adapter.steps < total) {
        if (signal.aborted) return null; // released: the next coordinator resumes from the checkpoint
        loss = trainingStep(adapter, data, fnv1a(runId));
        if (Date.now() - lastTick >= TRAINING.tickMs || adapter.steps === total) {
          lastTick = Date.now();
          const checkpoint = adapter.steps - lastCheckpoint.steps >= TRAINING.checkpointEverySteps || Date.now() - lastCheckpoint.at >= TRAINING.checkpointEveryMs;
          if (checkpoint) lastCheckpoint = { at: Date.now(), steps: adapter.steps };
          if (!(await progress(adapter, total, { checkpoint }))) return null;
        }
        // One step takes milliseconds; yielding keeps a web server in the same process responsive.
        await new Promise((resolve) => setImmediate(resolve));
      }
      return { adapter, finalLoss: loss };
    },
  };
}
