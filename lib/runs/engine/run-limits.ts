import 'server-only';
import { createRateLimiter, type RateLimiter } from '@/lib/llm/rate-limiter';
import type { Generator } from '@/lib/llm/generator';
import type { RunConfig } from '../config';

/** A counting semaphore: at most `size` holders at once, waiters served in order. */
function createSemaphore(size: number) {
  let free = size;
  const waiting: (() => void)[] = [];
  return {
    async acquire(signal: AbortSignal) {
      if (free > 0) {
        free--;
        return;
      }
      await new Promise<void>((resolve, reject) => {
        const grant = () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = () => {
          waiting.splice(waiting.indexOf(grant), 1);
          reject(signal.reason);
        };
        waiting.push(grant);
        signal.addEventListener('abort', onAbort, { once: true });
      });
    },
    release() {
      const next = waiting.shift();
      if (next) next();
      else free++;
    },
  };
}

type Limits = { slots: ReturnType<typeof createSemaphore>; limiter?: RateLimiter; generator?: Generator; users: number };
const limits = new Map<string, Limits>();

/**
 * A run's concurrency and requests-per-minute limits (and its generator), shared by all of its batches in this
 * process (a run's batches may work side by side). Released when the last batch lets go.
 * Limits are per worker process: N processes working one run may each use them.
 */
export function acquireRunLimits(runId: string, config: RunConfig) {
  let entry = limits.get(runId);
  if (!entry) {
    entry = {
      slots: createSemaphore(config.concurrency),
      limiter: config.requests_per_minute ? createRateLimiter({ requestsPerMinute: config.requests_per_minute }) : undefined,
      users: 0,
    };
    limits.set(runId, entry);
  }
  entry.users++;
  const held = entry;
  return {
    slots: held.slots,
    limiter: held.limiter,
    /** One generator (and HTTP client) per run and process, shared by its batches. */
    generator(create: () => Generator) {
      held.generator ??= create();
      return held.generator;
    },
    release() {
      if (--held.users === 0 && limits.get(runId) === held) limits.delete(runId);
    },
  };
}
