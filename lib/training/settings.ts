/** Training tuning, in one place. */
export const TRAINING = {
  /** Pairs of the lineage trained and evaluated on (a deterministic sample beyond this): bounds worker memory. */
  maxPairs: 20_000,
  /** Every fifth pair (by a hash of its id) is held out for evaluation. */
  evalEvery: 5,
  /** Queries per step and extra random negatives per step. */
  batchSize: 32,
  negatives: 64,
  /** Passes over the training pairs, within [minSteps, maxSteps]. */
  epochs: 8,
  minSteps: 40,
  maxSteps: 600,
  /** Held-out queries and candidate passages evaluated (bounds evaluation time). */
  maxEvalQueries: 2_000,
  maxCandidates: 5_000,
  /** Progress, heartbeat and cancel check (ms); checkpoint (steps or ms, whichever first). */
  tickMs: 200,
  checkpointEverySteps: 25,
  checkpointEveryMs: 2_000,
} as const;
