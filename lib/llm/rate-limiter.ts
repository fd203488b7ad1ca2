/**
 * A client-side request rate limiter, shared by every concurrent generation call of one run,
 * so that a run stays under a provider's "N requests per minute" limit instead of bouncing
 * off it with 429s.
 *
 * `createRateLimiter` combines two rules, and a request goes out only when both allow it:
 * - a smooth token bucket: refills at `requestsPerMinute / 60` tokens a second and holds at
 *   most `burst` tokens (default `max(1, floor(rpm / 60))`, i.e. one second's worth), so
 *   requests are spread evenly instead of being fired in bursts;
 * - a sliding window: never more than `floor(requestsPerMinute)` grants within any 60 s, which
 *   is how most providers count. (A bucket alone would allow `burst` extra requests in the
 *   first minute and trip such a window.)
 * Waiters are served first come, first served; each wait is abortable. `pauseUntil` holds
 * back every grant until a given time: the generator calls it on a 429 with Retry-After, so
 * the whole run backs off, not just the call that got the 429.
 */

export type RateLimiter = {
  /** Resolves when one request may be sent; rejects (with `signal.reason`) if `signal` aborts first. */
  acquire(signal: AbortSignal): Promise<void>;
  /** Optional: hold back every grant until `until` (a Date, or epoch milliseconds). Never shortens a pause. */
  pauseUntil?(until: Date | number): void;
};

export type RateLimiterOptions = {
  /** The sustained rate; must be > 0. */
  requestsPerMinute: number;
  /** Bucket capacity: how many requests may go out back to back after an idle spell. Default max(1, floor(rpm / 60)). */
  burst?: number;
  /** Monotonic clock in milliseconds (tests). Default `performance.now()`; `pauseUntil` dates are mapped onto it through `Date.now()`. */
  now?: () => number;
};

export type TokenBucketRateLimiter = Required<RateLimiter> & {
  readonly requestsPerMinute: number;
  readonly burst: number;
  /**
   * Changes the sustained rate (e.g. when another process starts sharing the same limit):
   * tokens earned so far are kept (capped at the new burst), and the last minute's grants
   * count against the new window.
   */
  setRequestsPerMinute(requestsPerMinute: number): void;
  /** Callers currently waiting in `acquire`. */
  readonly pending: number;
};

const WINDOW_MS = 60_000;

type Waiter = { resolve: () => void; reject: (reason: unknown) => void; cleanup: () => void };

export function createRateLimiter(options: RateLimiterOptions): TokenBucketRateLimiter {
  const checkRate = (rpm: number) => {
    if (!(rpm > 0) || !Number.isFinite(rpm)) throw new RangeError(`requestsPerMinute must be a positive number, got ${rpm}`);
  };
  let { requestsPerMinute } = options;
  checkRate(requestsPerMinute);
  const fixedBurst = options.burst;
  let burst = Math.max(1, Math.floor(fixedBurst ?? requestsPerMinute / 60));
  const now = options.now ?? (() => performance.now());
  let perMs = requestsPerMinute / WINDOW_MS;
  let windowLimit = Math.max(1, Math.floor(requestsPerMinute));

  let tokens = burst;
  let refilledAt = now();
  let pausedUntil = -Infinity;
  // Ring buffer of the last `windowLimit` grant times (monotonic ms).
  let grants = new Float64Array(windowLimit);
  let granted = 0;
  const queue: Waiter[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timerAt = Infinity;

  function refill(at: number) {
    if (at > refilledAt) {
      tokens = Math.min(burst, tokens + (at - refilledAt) * perMs);
      refilledAt = at;
    }
  }

  /** Milliseconds until one grant is allowed (0: now). */
  function waitTime(at: number): number {
    let wait = Math.max(0, pausedUntil - at);
    if (tokens < 1) wait = Math.max(wait, (1 - tokens) / perMs);
    if (granted >= windowLimit) {
      const oldest = grants[granted % windowLimit]!;
      wait = Math.max(wait, oldest + WINDOW_MS - at);
    }
    return wait;
  }

  function pump() {
    while (queue.length > 0) {
      const at = now();
      refill(at);
      const wait = waitTime(at);
      if (wait > 0) {
        schedule(at + wait, wait);
        return;
      }
      tokens -= 1;
      grants[granted % windowLimit] = at;
      granted += 1;
      const waiter = queue.shift()!;
      waiter.cleanup();
      waiter.resolve();
    }
  }

  function schedule(at: number, wait: number) {
    if (timer !== undefined && timerAt <= at) return;
    if (timer !== undefined) clearTimeout(timer);
    timerAt = at;
    // +1: timers may fire a hair early; pump() re-checks and re-arms if so.
    timer = setTimeout(
      () => {
        timer = undefined;
        timerAt = Infinity;
        pump();
      },
      Math.ceil(wait) + 1,
    );
  }

  function setRequestsPerMinute(rpm: number) {
    checkRate(rpm);
    if (rpm === requestsPerMinute) return;
    refill(now());
    // The most recent grants, oldest first, carried into a window of the new size.
    const kept = Math.min(granted, windowLimit, Math.max(1, Math.floor(rpm)));
    const recent = Array.from({ length: kept }, (_, i) => grants[(granted - kept + i) % windowLimit]!);
    requestsPerMinute = rpm;
    perMs = rpm / WINDOW_MS;
    burst = Math.max(1, Math.floor(fixedBurst ?? rpm / 60));
    tokens = Math.min(tokens, burst);
    windowLimit = Math.max(1, Math.floor(rpm));
    grants = new Float64Array(windowLimit);
    recent.forEach((t, i) => (grants[i] = t));
    granted = kept;
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    timerAt = Infinity;
    pump();
  }

  return {
    get requestsPerMinute() {
      return requestsPerMinute;
    },
    get burst() {
      return burst;
    },
    setRequestsPerMinute,
    get pending() {
      return queue.length;
    },
    acquire(signal: AbortSignal) {
      if (signal.aborted) return Promise.reject(signal.reason);
      return new Promise<void>((resolve, reject) => {
        const onAbort = () => {
          const index = queue.indexOf(waiter);
          if (index >= 0) queue.splice(index, 1);
          reject(signal.reason);
          // The head may have changed: the next waiter's wait is the same, so the armed timer stands.
        };
        const waiter: Waiter = {
          resolve,
          reject,
          cleanup: () => signal.removeEventListener('abort', onAbort),
        };
        signal.addEventListener('abort', onAbort, { once: true });
        queue.push(waiter);
        if (queue.length === 1) pump();
      });
    },
    pauseUntil(until: Date | number) {
      const epoch = typeof until === 'number' ? until : until.getTime();
      if (!Number.isFinite(epoch)) return;
      const at = now() + (epoch - Date.now());
      if (at <= pausedUntil) return;
      pausedUntil = at;
      if (queue.length > 0) {
        // Re-arm: the armed timer may fire before the pause ends (pump then re-arms), which is fine.
        pump();
      }
    },
  };
}
