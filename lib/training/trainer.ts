import type { Prepared } from './prepare';
import type { TrainerOutcome } from './local-trainer';
import type { JobStore } from './remote/trainer';

export type TrainerProgress = { stepsDone: number; stepsTotal: number; loss: number | null; form: string | null };

/**
 * What the training phase hands a trainer, and what it gets back. The phase driver
 * (lib/runs/engine/training.ts) owns the run: claims, checkpoints, evaluation and the final
 * status; a trainer turns prepared data (and its own checkpoint, to resume from) into the
 * adapter validation chose.
 */
export type TrainerInput = {
  runId: string;
  seed: number;
  prepared: Prepared;
  /** This trainer's last checkpoint, to resume from (null: start afresh). */
  resume: Buffer | null;
  signal: AbortSignal;
  epochs: number;
  /**
   * Called as training goes; `checkpoint` (when given) is the state to store. Answers false when
   * the run moved on (cancelled, another epoch): the trainer stops.
   */
  progress: (progress: TrainerProgress, checkpoint: Buffer | null) => Promise<boolean>;
  /** Where an external trainer keeps its job id (the local one has no use for it). */
  jobs: JobStore;
};

/** Null when training stopped before the end (cancelled, released, or the run moved on). */
export type TrainerResult = TrainerOutcome | null;

export interface Trainer {
  readonly kind: 'local' | 'remote';
  train(input: TrainerInput): Promise<TrainerResult>;
}
