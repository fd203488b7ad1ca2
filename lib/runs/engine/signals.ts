import 'server-only';
import type { PgBoss } from 'pg-boss';
import { serviceSql } from '@/lib/db/service';
import { computeRunSignals } from '@/lib/review/signals/job';
import { SIGNALS_JOB } from '@/lib/review/signals/settings';

type SignalJob = { runId: string };

/**
 * This process's share of the quality-signal work: one job at a time (it is CPU-bound and
 * passes over the whole corpus), and a sweep that sends a job for every run whose signals were
 * asked for (generation ended, a question was edited) or whose job's worker went quiet.
 */
export async function startSignalWork(pgBoss: PgBoss): Promise<{ stop: () => void }> {
  await pgBoss.work<SignalJob>(SIGNALS_JOB.queue, { localConcurrency: 1, pollingIntervalSeconds: 2 }, async ([job]) => {
    await computeRunSignals(serviceSql(), job!.data.runId, job!.signal);
  });
  const sweep = setInterval(() => void sweepSignalRequests(pgBoss).catch(() => undefined), SIGNALS_JOB.sweepEveryMs);
  sweep.unref();
  return { stop: () => clearInterval(sweep) };
}

export async function sweepSignalRequests(pgBoss: PgBoss): Promise<number> {
  const runs = await serviceSql()<{ run_id: string }[]>`
    select rs.run_id from public.run_signals rs join public.runs r on r.id = rs.run_id
    where r.status not in ('queued', 'generating')
      and (rs.state = 'pending'
           or (rs.state = 'running' and (rs.heartbeat_at is null or rs.heartbeat_at < now() - make_interval(secs => ${SIGNALS_JOB.staleAfterMs / 1000}))))
    order by rs.requested_at limit 50`;
  // The stately queue keeps one queued job per run, so sending again is harmless.
  for (const { run_id } of runs) await pgBoss.send(SIGNALS_JOB.queue, { runId: run_id } satisfies SignalJob, { singletonKey: run_id });
  return runs.length;
}
