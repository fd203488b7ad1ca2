import 'server-only';
import { createRateLimiter, type TokenBucketRateLimiter } from '@/lib/llm/rate-limiter';
import type { Generator } from '@/lib/llm/generator';
import { serviceSql } from '@/lib/db/service';
import type { RunConfig } from '../config';
import { processId } from './process-id';
import { createSemaphore, type Semaphore } from './semaphore';
import { ENGINE } from './settings';

type Limits = {
  slots: Semaphore;
  limiter?: TokenBucketRateLimiter;
  generator?: Generator;
  users: number;
  /** Settles once this process knows its share (before its first call). */
  ready: Promise<void>;
  timer: ReturnType<typeof setInterval>;
  /** Set while no batch holds the limits: they are kept a while for the run's next batch. */
  linger?: ReturnType<typeof setTimeout>;
};
const limits = new Map<string, Limits>();

/**
 * This process's share of a run's limits: it records that it works on the run, counts the
 * processes that do, and takes 1/n of the concurrency (at least one call) and of the
 * requests per minute. Kept current every ENGINE.shareEveryMs.
 */
async function refreshShare(runId: string, config: RunConfig, entry: Limits) {
  const [row] = await serviceSql()<{ n: number }[]>`
    with seen as (
      insert into private.run_workers (run_id, worker_id) values (${runId}, ${processId()})
      on conflict (run_id, worker_id) do update set seen_at = now()
      returning worker_id)
    select (count(*) filter (where worker_id <> ${processId()}))::int + 1 as n
    from private.run_workers where run_id = ${runId} and seen_at > now() - make_interval(secs => ${ENGINE.shareStaleMs / 1000})`;
  const n = Math.max(1, row?.n ?? 1);
  entry.slots.resize(Math.max(1, Math.floor(config.concurrency / n)));
  if (entry.limiter && config.requests_per_minute) entry.limiter.setRequestsPerMinute(config.requests_per_minute / n);
}

/**
 * A run's concurrency and requests-per-minute limits (and its generator), shared by all of
 * its batches in this process, and split with the other processes working on the run.
 * Released when the last batch lets go.
 */
export function acquireRunLimits(runId: string, config: RunConfig) {
  let entry = limits.get(runId);
  if (!entry) {
    const created: Limits = {
      slots: createSemaphore(config.concurrency),
      limiter: config.requests_per_minute ? createRateLimiter({ requestsPerMinute: config.requests_per_minute }) : undefined,
      users: 0,
      ready: Promise.resolve(),
      timer: setInterval(() => void refreshShare(runId, config, created).catch(() => undefined), ENGINE.shareEveryMs),
    };
    created.timer.unref();
    // Until the share is known, nothing is sent: several processes starting at once would
    // otherwise each fire the whole limit.
    created.ready = refreshShare(runId, config, created).catch((error) => console.error('[engine] could not share the run limits', (error as Error).message));
    entry = created;
    limits.set(runId, entry);
  }
  entry.users++;
  clearTimeout(entry.linger);
  entry.linger = undefined;
  const held = entry;
  return {
    slots: held.slots,
    limiter: held.limiter,
    ready: held.ready,
    /** One generator (and HTTP client) per run and process, shared by its batches. */
    generator(create: () => Generator) {
      held.generator ??= create();
      return held.generator;
    },
    release() {
      if (--held.users > 0 || limits.get(runId) !== held) return;
      // Kept for the run's next batch in this process: its rate window and share carry over
      // (a fresh limiter would start with a full bucket; leaving and rejoining would move the
      // other processes' shares back and forth).
      held.linger = setTimeout(() => {
        if (held.users > 0 || limits.get(runId) !== held) return;
        limits.delete(runId);
        clearInterval(held.timer);
        void serviceSql()`delete from private.run_workers where run_id = ${runId} and worker_id = ${processId()}`.catch(() => undefined);
      }, ENGINE.shareStaleMs);
      held.linger.unref();
    },
  };
}
