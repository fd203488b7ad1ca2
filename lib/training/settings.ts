/** Training tuning, in one place. */
export const TRAINING = {
  /** Pairs of the lineage trained on (a deterministic sample beyond this): bounds worker memory. */
  maxTrainPairs: 20_000,
  /** Held-out queries evaluated (validation while training, test at the end). */
  maxValidationQueries: 1_000,
  maxTestQueries: 2_000,
  /** Fewer validation questions (or training pairs) than this is no evidence to choose an adapter on: none is kept. */
  minValidationQueries: 5,
  minTrainPairs: 5,
  /** Chunk split: test and validation shares of the lineage's chunks (the rest trains). */
  testShare: 0.2,
  validationShare: 0.1,
  /** The base embedder's top chunks per query: hard negatives come from them, validation re-ranks them. */
  minedPerQuery: 30,
  hardNegativesPerQuery: 4,
  /** Dense embedders: queries mined over the whole corpus (each costs a pass over every vector). */
  maxMinedQueriesDense: 1_000,
  batchSize: 32,
  epochs: 6,
  minSteps: 40,
  maxStepsPerForm: 1_500,
  maxRank: 32,
  /** Evaluations on validation per form, and how many in a row without gain stop it. */
  evaluationsPerForm: 15,
  patience: 4,
  /** τ as a share of the mean positive score. */
  temperatureShare: 0.05,
  /** Progress, heartbeat and cancel check (ms); checkpoint (ms). */
  tickMs: 200,
  checkpointEveryMs: 2_000,
} as const;
