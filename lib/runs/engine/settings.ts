/** Engine tuning, in one place. Chosen for pg-boss's polling model: many chunks per job. */
export const ENGINE = {
  coordinatorQueue: 'recall-run',
  batchQueue: 'recall-batch',
  /** A coordinator job hands over to a fresh one after this long (runs outlive pg-boss's 24 h job cap). */
  coordinatorTurnMs: 60 * 60 * 1000,
  /** Chunks per batch job. */
  batchSize: 250,
  /** Batches assigned ahead of the workers, per run. */
  batchesAhead: 16,
  /** How often the coordinator and batches look at the run (cancel, progress). */
  pollMs: 200,
  /** pg-boss heartbeat (its minimum); live workers refresh it every 5 s. */
  heartbeatSeconds: 10,
  /**
   * A job whose heartbeat is older than this is taken from its (dead) worker and retried.
   * pg-boss alone needs about three missed heartbeats (≈ 30 s); Recall reaps sooner.
   */
  staleAfterMs: 12_000,
  /** How often the coordinator and every worker look for stale jobs. */
  reapEveryMs: 2_000,
  /** Automatic resumptions of a run whose coordinator died, before it fails as "worker lost". */
  maxRecoveries: 3,
  /** Attempts per chunk before it is marked failed. */
  maxChunkAttempts: 3,
  /** Provider failures in a row that open the circuit breaker. */
  circuitBreakerThreshold: 10,
  /** A generation ends generating_failed when more than this share of chunks failed. */
  maxFailedShare: 0.5,
  /** How often each worker process records that it is alive (private.workers). */
  workerHeartbeatMs: 5_000,
  /** How often a process working on a run renews its share of the run's limits. */
  shareEveryMs: 2_000,
  /** A process that has not renewed its share for this long no longer counts. */
  shareStaleMs: 6_000,
  /** Results written per transaction. */
  flushEvery: 250,
} as const;
