import 'server-only';
import { boss, stopBoss } from './boss';
import { processBatch } from './batch';
import { coordinateRun } from './coordinator';
import type { BatchJob, CoordinatorJob } from './schedule';
import { ENGINE } from './settings';

export type WorkerOptions = { coordinators?: number; batches?: number };

/**
 * Starts this process's workers: coordinators (one per run) and batch processors. They run
 * in the web server by default and in `npm run worker` processes when scaling out.
 */
export async function startWorker(options: WorkerOptions = {}) {
  const pgBoss = await boss();
  await pgBoss.work<CoordinatorJob>(ENGINE.coordinatorQueue, { localConcurrency: options.coordinators ?? 4, pollingIntervalSeconds: 0.5 }, async ([job]) => {
    await coordinateRun(pgBoss, job!);
  });
  await pgBoss.work<BatchJob>(ENGINE.batchQueue, { localConcurrency: options.batches ?? 4, pollingIntervalSeconds: 0.5, burstWhenBatchFull: false }, async ([job]) =>
    processBatch(job!),
  );
  return {
    /** Stops fetching, lets running jobs finish or release within the timeout, then closes. */
    stop: stopBoss,
  };
}
