import 'server-only';
import type { Job, PgBoss } from 'pg-boss';
import type { Sql } from 'postgres';
import { serviceSql } from '@/lib/db/service';
import { recordEvent, WORKER } from '../events';
import { refingerprint } from '../fingerprint';
import { NOW, transition } from '../transition';
import type { Phase, RunStatus } from '../status';
import { stoppingSignal } from './boss-holder';
import { numberUnassigned, releaseBatch } from './batches';
import { sleep } from './concurrency';
import { concludeGeneration, GENERATION_STATE_COLUMNS, type GenerationState } from './conclude';
import { batchJobId, type BatchJob, type CoordinatorJob } from './schedule';
import { ENGINE } from './settings';
import { runTrainingPhase } from './training';

type RunState = GenerationState & { batch_cursor: number };

type Claim = { epoch: number; phase: Phase };

/**
 * Claims the run for this coordinator: queued → generating, or resumes the phase the run is
 * in (generating or training). A recovery (the previous worker died holding the run) is
 * bounded per run before the run fails as "worker lost"; proceed starts the count afresh.
 */
export async function claimRun(sql: Sql, runId: string, recovering: boolean): Promise<Claim | null> {
  return sql.begin(async (tx) => {
    const [run] = await tx<{ status: RunStatus; epoch: number; recovery_attempts: number; chunks_removed: number }[]>`
      select status, epoch, recovery_attempts, chunks_removed from public.runs where id = ${runId} for update`;
    if (!run) return null;
    if (run.status === 'queued') {
      // Chunks deleted while it waited only make the snapshot smaller: nothing was done yet.
      if (run.chunks_removed > 0) {
        await refingerprint(tx, runId);
      }
      await transition(tx, runId, {
        from: ['queued'],
        to: 'generating',
        actor: WORKER,
        message: 'A worker took the run',
        set: { started_at: NOW, heartbeat_at: NOW, chunks_removed: 0 },
      });
      return { epoch: run.epoch, phase: 'generating' };
    }
    if (run.status !== 'generating' && run.status !== 'training') return null;
    const phase: Phase = run.status;
    if (recovering) {
      // Counted on the run, not the job: a coordinator re-sent by the sweep is the same recovery.
      const attempt = run.recovery_attempts + 1;
      if (attempt > ENGINE.maxRecoveries) {
        await transition(tx, runId, {
          from: [phase],
          to: phase === 'generating' ? 'generating_failed' : 'training_failed',
          actor: WORKER,
          message: `Worker lost ${attempt} times; stopped for an admin to proceed`,
          set: { error_phase: phase, error_code: 'worker_lost', error_message: 'The worker running this run stopped responding.', stop_reason: 'worker_lost', finished_at: NOW },
        });
        return null;
      }
      await tx`update public.runs set recovery_attempts = ${attempt}, heartbeat_at = now() where id = ${runId}`;
      await recordEvent(tx, runId, { actor: WORKER, message: `Resumed after a worker was lost (recovery ${attempt} of ${ENGINE.maxRecoveries})` });
    }
    // Pending chunks without a batch (written by an older version, or by hand) get one.
    if (phase === 'generating') await numberUnassigned(tx, runId);
    return { epoch: run.epoch, phase };
  }) as Promise<Claim | null>;
}

/**
 * Hands the next batches to jobs, keeping ENGINE.batchesAhead in flight: batches below the
 * cursor that still have pending chunks are in flight; the next ones with pending chunks
 * get a job (deterministic id, so a repeat is a no-op) and the cursor moves past them.
 */
async function handOutBatches(sql: Sql, pgBoss: PgBoss, runId: string, epoch: number, cursor: number) {
  const [{ inflight }] = (await sql`
    select count(distinct batch_no)::int as inflight
    from public.run_chunks where run_id = ${runId} and state = 'pending' and batch_no < ${cursor}`) as unknown as [{ inflight: number }];
  const wanted = ENGINE.batchesAhead - inflight;
  if (wanted <= 0) return;
  const next = await sql<{ batch_no: number }[]>`
    select distinct batch_no from public.run_chunks
    where run_id = ${runId} and state = 'pending' and batch_no >= ${cursor}
    order by batch_no limit ${wanted}`;
  if (next.length === 0) return;
  await pgBoss.insert(
    ENGINE.batchQueue,
    next.map(({ batch_no }) => ({ id: batchJobId(runId, epoch, batch_no), data: { runId, epoch, batchNo: batch_no } satisfies BatchJob })),
  );
  // Compare-and-set: a coordinator that lost the run (or an old epoch) moves nothing.
  await sql`update public.runs set batch_cursor = ${next.at(-1)!.batch_no + 1}
            where id = ${runId} and epoch = ${epoch} and batch_cursor = ${cursor}`;
}

/**
 * Looks after the run's in-flight batches: a batch whose job ended (retries exhausted,
 * cancelled, its worker stopped) but left pending chunks releases them to a fresh batch; a
 * batch whose worker died (heartbeat lapsed) is failed at once, so pg-boss retries it on a
 * live worker.
 */
async function superviseBatches(sql: Sql, pgBoss: PgBoss, runId: string, epoch: number, cursor: number) {
  const batches = await sql<{ batch_no: number }[]>`
    select distinct batch_no from public.run_chunks where run_id = ${runId} and state = 'pending' and batch_no < ${cursor}`;
  for (const { batch_no } of batches) {
    const [job] = await pgBoss.findJobs(ENGINE.batchQueue, { id: batchJobId(runId, epoch, batch_no) });
    if (job?.state === 'active' && isStale(job.heartbeatOn)) {
      await pgBoss.fail(ENGINE.batchQueue, job.id, { message: 'worker lost (heartbeat lapsed)' }).catch(() => undefined);
      continue;
    }
    if (job && !['completed', 'failed', 'cancelled'].includes(job.state)) continue;
    await releaseBatch(sql, runId, epoch, batch_no);
  }
}

export const isStale = (heartbeatOn: Date | null) => heartbeatOn !== null && Date.now() - heartbeatOn.getTime() > ENGINE.staleAfterMs;

/**
 * The run's coordinator (one per run at a time: a `stately` queue keyed by run id). It
 * claims the run, keeps batches flowing to the workers, watches for cancel, the circuit
 * breaker and completion, and heartbeats — through pg-boss for itself, in runs for the UI.
 */
export async function coordinateRun(pgBoss: PgBoss, job: Job<CoordinatorJob>) {
  const sql = serviceSql();
  const { runId } = job.data;
  // A redelivered job, or one the sweep sent for a run whose coordinator vanished, is a recovery.
  const claimed = await claimRun(sql, runId, job.retryCount > 0 || job.data.recovered === true);
  if (claimed === null) return;
  const stopping = stoppingSignal();
  const handOver = () => pgBoss.send(ENGINE.coordinatorQueue, { runId } satisfies CoordinatorJob, { singletonKey: runId });
  const signal = AbortSignal.any([job.signal, stopping]);
  if (claimed.phase === 'training') {
    await runTrainingPhase(sql, runId, claimed.epoch, signal);
    if (stopping.aborted && !job.signal.aborted) await handOver();
    return;
  }
  const { epoch } = claimed;
  let lastStuckCheck = Date.now();
  const turnEnds = Date.now() + ENGINE.coordinatorTurnMs;
  while (!job.signal.aborted) {
    // This process is stopping, or the turn is over: the stately queue takes the next
    // coordinator (on any worker) while this one completes.
    if (stopping.aborted || Date.now() > turnEnds) return void (await handOver());
    const [run] = await sql<RunState[]>`
      update public.runs set heartbeat_at = now() where id = ${runId}
      returning ${sql.unsafe(GENERATION_STATE_COLUMNS)}, batch_cursor`;
    if (!run || run.status !== 'generating' || run.epoch !== epoch) return;
    // Counters equal the rows they summarise (they move in the same transactions), so this is
    // exact. Usually the result writer has already concluded the run as it wrote the last chunk.
    if (run.consecutive_failures >= ENGINE.circuitBreakerThreshold || run.processed_chunks + run.failed_chunks >= run.total_chunks || run.chunks_removed > 0) {
      const stopped = await sql.begin(async (tx) => {
        const [current] = await tx<GenerationState[]>`select ${tx.unsafe(GENERATION_STATE_COLUMNS)} from public.runs where id = ${runId} for update`;
        return current && current.epoch === epoch ? concludeGeneration(tx, runId, current) : true;
      });
      if (stopped) return;
    }
    await handOutBatches(sql, pgBoss, runId, epoch, run.batch_cursor);
    if (Date.now() - lastStuckCheck > ENGINE.reapEveryMs) {
      lastStuckCheck = Date.now();
      await superviseBatches(sql, pgBoss, runId, epoch, run.batch_cursor);
    }
    await sleep(ENGINE.pollMs, signal);
  }
}
