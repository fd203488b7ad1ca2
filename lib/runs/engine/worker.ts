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
  // Several batch jobs per fetch, fetched back to back while the queue is full: pg-boss
  // otherwise waits a polling interval between fetches.
  await pgBoss.work<BatchJob>(
    ENGINE.batchQueue,
    { localConcurrency: options.batches ?? 2, batchSize: 4, burstWhenBatchFull: true, perJobResults: true, pollingIntervalSeconds: 0.5 },
    async (jobs) =>
      Promise.all(
        jobs.map(async (job) => {
          try {
            return { id: job.id, status: 'completed' as const, output: await processBatch(job) };
          } catch (error) {
            console.error('[engine] batch failed', error);
            return { id: job.id, status: 'failed' as const, output: { message: (error as Error).message } };
          }
        }),
      ),
  );
  return {
    /** Stops fetching, lets running jobs finish or release within the timeout, then closes. */
    stop: stopBoss,
  };
}
