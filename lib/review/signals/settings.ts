/** The signal job's tuning, in one place (the worker, the queue and the sweeper read it). */
export const SIGNALS_JOB = {
  queue: 'recall-signals',
  /** Chunks (with all their pairs) checked per pass over the corpus: a pass costs one read of every chunk. */
  chunksPerPass: 2_000,
  /** A running job refreshes run_signals.heartbeat_at this often; a lapse of staleAfterMs lets another worker take over. */
  heartbeatMs: 5_000,
  staleAfterMs: 30_000,
  sweepEveryMs: 3_000,
} as const;
