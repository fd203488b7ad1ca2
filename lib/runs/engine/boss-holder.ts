import type { PgBoss } from 'pg-boss';

/**
 * Where the process's pg-boss instance lives: on globalThis, so that scripts/start.ts can
 * stop the workers that Next's instrumentation started in the same process.
 */
export const bossHolder = globalThis as typeof globalThis & { __recallBoss?: Promise<PgBoss> };

/** Stops fetching jobs and waits (bounded) for running ones: they finish or release their batch. */
export async function stopBoss(timeoutMs = 10_000) {
  const instance = bossHolder.__recallBoss;
  bossHolder.__recallBoss = undefined;
  await (await instance?.catch(() => undefined))?.stop({ graceful: true, timeout: timeoutMs });
}
