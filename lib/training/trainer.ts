import type { Adapter } from './adapter';
import type { Dataset } from './dataset';

/**
 * What the training phase hands a trainer, and what it gets back. The phase driver
 * (lib/runs/engine/training.ts) owns the run: claims, checkpoints and the final status; a
 * trainer only turns a dataset (and a checkpoint to resume from) into an adapter.
 */
export type TrainerInput = {
  runId: string;
  data: Dataset;
  dim: number;
  /** The last checkpoint, to resume from (null: start from the identity). */
  resumeFrom: Adapter | null;
  signal: AbortSignal;
  /** Called with the total step count before the first step, then as steps are taken: `checkpoint` when the adapter should be stored. False: the run moved on, stop. */
  progress: (adapter: Adapter, total: number, options: { checkpoint: boolean }) => Promise<boolean>;
};

/** Null when training stopped before the end (cancelled, released, or the run moved on). */
export type TrainerResult = { adapter: Adapter; finalLoss: number } | null;

export interface Trainer {
  readonly name: string;
  train(input: TrainerInput): Promise<TrainerResult>;
}
