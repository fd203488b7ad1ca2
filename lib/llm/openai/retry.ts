/** Retry helpers for the OpenAI-compatible generator: Retry-After parsing, backoff, abortable sleeps. */

/**
 * How long a response asks the client to wait, in ms: `retry-after-ms` (OpenAI's, precise),
 * else `Retry-After` as delta-seconds or an HTTP date. `undefined` when absent or unparseable.
 */
export function retryAfterMs(headers: Headers | undefined | null, nowMs = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '') {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const header = headers.get('retry-after')?.trim();
  if (!header) return undefined;
  if (/^\d+(\.\d+)?$/.test(header)) return Number(header) * 1000;
  const date = Date.parse(header);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/** Exponential backoff with full jitter: uniform in [0, min(maxMs, baseMs * 2^attempt)). */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  return random() * Math.min(maxMs, baseMs * 2 ** attempt);
}

/**
 * Resolves after at least `ms` milliseconds (re-arming if a timer fires early); rejects with
 * `signal.reason` as soon as `signal` aborts.
 */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  const deadline = performance.now() + ms;
  return new Promise((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const arm = () => {
      const left = deadline - performance.now();
      if (left <= 0) {
        signal.removeEventListener('abort', onAbort);
        resolve();
        return;
      }
      timer = setTimeout(arm, Math.ceil(left));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    arm();
  });
}
