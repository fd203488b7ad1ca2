import 'server-only';
import { hostname } from 'node:os';
import { boss, stopBoss } from './boss';
import { bossHolder, stoppingSignal } from './boss-holder';
import { processBatch } from './batch';
import { processId } from './process-id';
import { coordinateRun, isStale } from './coordinator';
import { serviceSql } from '@/lib/db/service';
import type { PgBoss } from 'pg-boss';
import type { BatchJob, CoordinatorJob } from './schedule';
import { ENGINE } from './settings';
import { startSignalWork } from './signals';

export type WorkerOptions = { coordinators?: number; batches?: number };

/**
 * Starts this process's workers: coordinators (one per run) and batch processors. They run
 * in the web server by default and in `npm run worker` processes when scaling out.
 */
export function startWorker(options: WorkerOptions = {}): Promise<{ stop: () => Promise<void> }> {
  // One set of workers per process, however many callers ask (instrumentation, force start).
  const started = (bossHolder.__recallWorker ??= startWorkers(options)) as Promise<{ stop: () => Promise<void> }>;
  started.catch(() => {
    if (bossHolder.__recallWorker === started) bossHolder.__recallWorker = undefined;
  });
  return started;
}

async function startWorkers(options: WorkerOptions) {
  const pgBoss = await boss();
  await pgBoss.work<CoordinatorJob>(ENGINE.coordinatorQueue, { localConcurrency: options.coordinators ?? 4, pollingIntervalSeconds: 0.5, notifyPollingIntervalSeconds: 1 }, async ([job]) => {
    await coordinateRun(pgBoss, job!);
  });
  // NOTIFY only announces new jobs; retried ones (a dead worker's) are found by polling, so
  // the notify-mode poll stays short. Several batch jobs per fetch, fetched back to back while the queue is full: pg-boss
  // otherwise waits a polling interval between fetches.
  await pgBoss.work<BatchJob>(
    ENGINE.batchQueue,
    { localConcurrency: options.batches ?? 2, batchSize: 4, burstWhenBatchFull: true, perJobResults: true, pollingIntervalSeconds: 0.5, notifyPollingIntervalSeconds: 1 },
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
  const signals = await startSignalWork(pgBoss);
  // Every worker watches for coordinators whose worker died: the run's own heartbeat (kept
  // fresh by its coordinator every poll) lapses, and the job is failed so pg-boss retries it.
  const reaper = setInterval(() => void reapLostCoordinators(pgBoss).catch(() => undefined), ENGINE.reapEveryMs);
  reaper.unref();
  const workerId = processId();
  await heartbeatWorker(workerId).catch(() => undefined);
  const heartbeat = setInterval(() => void heartbeatWorker(workerId).catch(() => undefined), ENGINE.workerHeartbeatMs);
  heartbeat.unref();
  // However the process stops (stopBoss from scripts/start.ts or scripts/worker.ts), it leaves the health indicator.
  stoppingSignal().addEventListener('abort', () => {
    clearInterval(reaper);
    clearInterval(heartbeat);
    signals.stop();
    void serviceSql()`delete from private.workers where id = ${workerId} or seen_at < now() - interval '1 day'`.catch(() => undefined);
  }, { once: true });
  return {
    /** Stops fetching, lets running jobs finish or release within the timeout, then closes. */
    stop: async () => {
      await stopBoss();
    },
  };
}

/**
 * Every worker looks after coordinators: a run whose heartbeat lapsed has its dead
 * coordinator's job failed (pg-boss then retries it here or elsewhere), and a run that
 * should be worked on but has no coordinator job at all (its job was never sent, or ran out
 * of retries) gets one again. The stately queue keeps that to one per run.
 */
async function reapLostCoordinators(pgBoss: PgBoss) {
  const runs = await serviceSql()<{ id: string; status: string }[]>`
    select id, status from public.runs
    where (status in ('generating', 'training') and (heartbeat_at is null or heartbeat_at < now() - make_interval(secs => ${ENGINE.staleAfterMs / 1000})))
       or (status = 'queued' and created_at < now() - make_interval(secs => ${ENGINE.staleAfterMs / 1000}))`;
  for (const { id, status } of runs) {
    const live = (await pgBoss.findJobs(ENGINE.coordinatorQueue, { key: id })).filter((job) => ['created', 'retry', 'active'].includes(job.state));
    for (const job of live) {
      if (job.state === 'active' && isStale(job.heartbeatOn)) {
        await pgBoss.fail(ENGINE.coordinatorQueue, job.id, { message: 'worker lost (heartbeat lapsed)' }).catch(() => undefined);
      }
    }
    if (live.length === 0) {
      await pgBoss.send(ENGINE.coordinatorQueue, { runId: id, recovered: status !== 'queued' } satisfies CoordinatorJob, { singletonKey: id });
    }
  }
}

/** This process's row in private.workers: the dashboard's worker-health indicator reads it. */
async function heartbeatWorker(id: string) {
  await serviceSql()`
    insert into private.workers (id, host, pid) values (${id}, ${hostname()}, ${process.pid})
    on conflict (id) do update set seen_at = now()`;
}
