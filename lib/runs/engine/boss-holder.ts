import type { PgBoss } from 'pg-boss';

/**
 * Where the process's pg-boss instance lives: on globalThis, so that scripts/start.ts can
 * stop the workers that Next's instrumentation started in the same process.
 */
export const bossHolder = globalThis as typeof globalThis & {
  __recallBoss?: Promise<PgBoss>;
  __recallStopping?: AbortController;
  /** This process's workers, once started (at most one set per process). */
  __recallWorker?: Promise<unknown>;
};

/**
 * Fires when this process begins a graceful stop (a deploy, Ctrl-C): coordinators hand their
 * run over to a fresh job and batches release their chunks at once, so a restart is not
 * mistaken for a lost worker (which would count against the run's recoveries).
 */
export function stoppingSignal(): AbortSignal {
  bossHolder.__recallStopping ??= new AbortController();
  return bossHolder.__recallStopping.signal;
}

/** Stops fetching jobs and waits (bounded) for running ones: they finish or release their batch. */
export async function stopBoss(timeoutMs = 10_000) {
  bossHolder.__recallStopping?.abort(new Error('worker stopping'));
  bossHolder.__recallStopping = undefined;
  bossHolder.__recallWorker = undefined;
  const instance = bossHolder.__recallBoss;
  bossHolder.__recallBoss = undefined;
  await (await instance?.catch(() => undefined))?.stop({ graceful: true, timeout: timeoutMs });
}
