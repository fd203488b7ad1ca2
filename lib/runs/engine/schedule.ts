import 'server-only';
import { boss } from './boss';
import { jobId } from './ids';
import { ENGINE } from './settings';

/** `recovered`: sent by the sweep for a run whose coordinator vanished (counted as a recovery). */
export type CoordinatorJob = { runId: string; recovered?: boolean };
export type BatchJob = { runId: string; epoch: number; batchNo: number };

export const batchJobId = (runId: string, epoch: number, batchNo: number) => jobId('batch', runId, epoch, batchNo);

/**
 * Queues the run's coordinator. The queue is `stately` keyed by run id: at most one
 * coordinator waits and one works per run, so a double click schedules nothing extra.
 */
export async function scheduleRun(runId: string): Promise<void> {
  const pgBoss = await boss();
  await pgBoss.send(ENGINE.coordinatorQueue, { runId } satisfies CoordinatorJob, { singletonKey: runId });
}

/** Aborts the run's batch jobs now (their job.signal fires in whichever worker holds them). */
export async function cancelBatches(runId: string, epoch: number, batchNos: number[]): Promise<void> {
  if (batchNos.length === 0) return;
  // Best effort: the batches also watch the run's status and stop within a poll.
  try {
    const pgBoss = await boss();
    await pgBoss.cancel(ENGINE.batchQueue, batchNos.map((n) => batchJobId(runId, epoch, n)));
  } catch (error) {
    console.error('[engine] could not cancel batch jobs', (error as Error).message);
  }
}
