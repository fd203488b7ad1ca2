import 'server-only';
import type { Job, PgBoss } from 'pg-boss';
import type { Sql } from 'postgres';
import { serviceSql } from '@/lib/db/service';
import { transition, WORKER } from '../lifecycle/transition';
import type { Phase, RunStatus } from '../status';
import { stoppingSignal } from './boss-holder';
import { sleep } from './concurrency';
import { batchJobId, type BatchJob, type CoordinatorJob } from './schedule';
import { ENGINE } from './settings';
import { runTrainingPhase } from './training';

type RunState = {
  status: string;
  epoch: number;
  consecutive_failures: number;
  total_chunks: number;
  processed_chunks: number;
  failed_chunks: number;
  error_code: string | null;
  error_message: string | null;
};

type Claim = { epoch: number; phase: Phase };

/**
 * Claims the run for this coordinator: queued → generating, or resumes the phase the run is
 * in (generating or training). A redelivered job means the previous worker died holding it:
 * that is a recovery, bounded before the run fails as "worker lost".
 */
async function claim(sql: Sql, runId: string, attempt: number): Promise<Claim | null> {
  return sql.begin(async (tx) => {
    const [run] = await tx<{ status: RunStatus; epoch: number }[]>`select status, epoch from public.runs where id = ${runId} for update`;
    if (!run) return null;
    if (run.status === 'queued') {
      await transition(tx, runId, { from: ['queued'], to: 'generating', actor: WORKER, message: 'A worker took the run', set: { started_at: new Date(), heartbeat_at: new Date() } });
      return { epoch: run.epoch, phase: 'generating' };
    }
    if (run.status !== 'generating' && run.status !== 'training') return null;
    const phase: Phase = run.status;
    if (attempt > 0) {
      if (attempt > ENGINE.maxRecoveries) {
        await transition(tx, runId, {
          from: [phase],
          to: phase === 'generating' ? 'generating_failed' : 'training_failed',
          actor: WORKER,
          message: `Worker lost ${attempt} times; stopped for an admin to proceed`,
          set: { error_phase: phase, error_code: 'worker_lost', error_message: 'The worker running this run stopped responding.', stop_reason: 'worker_lost', finished_at: new Date() },
        });
        return null;
      }
      await tx`update public.runs set recovery_attempts = recovery_attempts + 1, heartbeat_at = now() where id = ${runId}`;
      await tx`insert into public.run_events (run_id, workspace_id, actor, from_status, to_status, message)
               select id, workspace_id, 'worker', status, status, ${`Resumed after a worker was lost (recovery ${attempt} of ${ENGINE.maxRecoveries})`}
               from public.runs where id = ${runId}`;
    }
    return { epoch: run.epoch, phase };
  }) as Promise<Claim | null>;
}

/** Hands the next pending chunks to new batch jobs, keeping ENGINE.batchesAhead in flight. */
async function assignBatches(sql: Sql, pgBoss: PgBoss, runId: string, epoch: number) {
  const [{ inflight }] = (await sql`
    select count(distinct batch_no)::int as inflight
    from public.run_chunks where run_id = ${runId} and state = 'pending' and batch_no is not null`) as unknown as [{ inflight: number }];
  const wanted = ENGINE.batchesAhead - inflight;
  if (wanted <= 0) return;
  const assigned = (await sql.begin(async (tx) => {
    const next = await tx<{ chunk_id: string; position: number }[]>`
      select chunk_id, (row_number() over (order by chunk_id) - 1)::int as position from public.run_chunks
      where run_id = ${runId} and state = 'pending' and batch_no is null
      order by chunk_id limit ${wanted * ENGINE.batchSize}`;
    if (next.length === 0) return [];
    const batches = Math.ceil(next.length / ENGINE.batchSize);
    // Batch numbers come from a counter on the run: never reused, so job ids never collide.
    const [{ first }] = (await tx`
      update public.runs set batch_seq = batch_seq + ${batches} where id = ${runId}
      returning batch_seq - ${batches} as first`) as unknown as [{ first: number }];
    return tx<{ batch_no: number }[]>`
      update public.run_chunks rc set batch_no = ${first} + (n.position / ${ENGINE.batchSize})::int
      from unnest(${next.map((row) => row.chunk_id)}::uuid[], ${next.map((row) => row.position)}::int[]) as n(chunk_id, position)
      where rc.run_id = ${runId} and rc.chunk_id = n.chunk_id and rc.state = 'pending'
      returning rc.batch_no`;
  })) as { batch_no: number }[];
  const batchNos = [...new Set(assigned.map((row) => row.batch_no))];
  if (batchNos.length === 0) return;
  await pgBoss.insert(
    ENGINE.batchQueue,
    batchNos.map((batchNo) => ({ id: batchJobId(runId, epoch, batchNo), data: { runId, epoch, batchNo } satisfies BatchJob })),
  );
}

/**
 * Looks after the run's in-flight batches: a batch whose job ended (retries exhausted,
 * cancelled) but left pending chunks frees them; a batch whose worker died (heartbeat
 * lapsed) is failed at once, so pg-boss retries it on a live worker.
 */
async function superviseBatches(sql: Sql, pgBoss: PgBoss, runId: string, epoch: number) {
  const batches = await sql<{ batch_no: number }[]>`
    select distinct batch_no from public.run_chunks where run_id = ${runId} and state = 'pending' and batch_no is not null`;
  for (const { batch_no } of batches) {
    const [job] = await pgBoss.findJobs(ENGINE.batchQueue, { id: batchJobId(runId, epoch, batch_no) });
    if (job?.state === 'active' && isStale(job.heartbeatOn)) {
      await pgBoss.fail(ENGINE.batchQueue, job.id, { message: 'worker lost (heartbeat lapsed)' }).catch(() => undefined);
      continue;
    }
    if (job && !['completed', 'failed', 'cancelled'].includes(job.state)) continue;
    await sql`update public.run_chunks set batch_no = null where run_id = ${runId} and batch_no = ${batch_no} and state = 'pending'`;
  }
}

export const isStale = (heartbeatOn: Date | null) => heartbeatOn !== null && Date.now() - heartbeatOn.getTime() > ENGINE.staleAfterMs;

async function finish(sql: Sql, runId: string, run: RunState) {
  await sql.begin(async (tx) => {
    if (run.failed_chunks > 0 && run.failed_chunks / Math.max(1, run.total_chunks) > ENGINE.maxFailedShare) {
      await transition(tx, runId, {
        from: ['generating'],
        to: 'generating_failed',
        actor: WORKER,
        message: `${run.failed_chunks} of ${run.total_chunks} chunks failed`,
        set: { error_phase: 'generating', error_code: 'too_many_failed_chunks', error_message: `${run.failed_chunks} of ${run.total_chunks} chunks failed.`, stop_reason: 'too_many_failed_chunks', finished_at: new Date() },
      });
    } else {
      await transition(tx, runId, {
        from: ['generating'],
        to: 'generated',
        actor: WORKER,
        message: run.failed_chunks ? `Done; ${run.failed_chunks} chunks failed and can be retried` : 'Every chunk is done',
        set: { stop_reason: 'target_reached', finished_at: new Date(), consecutive_failures: 0 },
      });
    }
  });
}

async function openCircuit(sql: Sql, runId: string, run: RunState) {
  await sql.begin((tx) =>
    transition(tx, runId, {
      from: ['generating'],
      to: 'generating_failed',
      actor: WORKER,
      message: `The provider failed ${run.consecutive_failures} times in a row`,
      set: {
        error_phase: 'generating',
        error_code: run.error_code ?? 'provider_failing',
        error_message: run.error_message ?? 'The model provider kept failing.',
        stop_reason: 'provider_failing',
        finished_at: new Date(),
      },
    }),
  );
}

/**
 * The run's coordinator (one per run at a time: a `stately` queue keyed by run id). It
 * claims the run, keeps batches flowing to the workers, watches for cancel, the circuit
 * breaker and completion, and heartbeats — through pg-boss for itself, in runs for the UI.
 */
export async function coordinateRun(pgBoss: PgBoss, job: Job<CoordinatorJob>) {
  const sql = serviceSql();
  const { runId } = job.data;
  const claimed = await claim(sql, runId, job.retryCount);
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
      returning status, epoch, consecutive_failures, total_chunks, processed_chunks, failed_chunks, error_code, error_message`;
    if (!run || run.status !== 'generating' || run.epoch !== epoch) return;
    if (run.consecutive_failures >= ENGINE.circuitBreakerThreshold) return openCircuit(sql, runId, run);
    // Counters equal the rows they summarise (they move in the same transactions), so this is exact.
    if (run.processed_chunks + run.failed_chunks >= run.total_chunks) return finish(sql, runId, run);
    await assignBatches(sql, pgBoss, runId, epoch);
    if (Date.now() - lastStuckCheck > ENGINE.reapEveryMs) {
      lastStuckCheck = Date.now();
      await superviseBatches(sql, pgBoss, runId, epoch);
    }
    await sleep(ENGINE.pollMs, signal);
  }
}
