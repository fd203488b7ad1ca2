/**
 * Sliding-window counter of failed sign-ins, in memory. Sign-in in embedded mode is
 * served by the one web process; on Supabase, Supabase Auth applies its own limits.
 */
export type RateLimiter = {
  /** Seconds until another attempt is allowed, or 0 when allowed now. */
  retryAfter(key: string): number;
  recordFailure(key: string): void;
  /** Takes back the most recent failure (an attempt recorded up front turned out fine). */
  forgive(key: string): void;
  reset(key: string): void;
};

export function createRateLimiter({ limit, windowMs, now = Date.now }: { limit: number; windowMs: number; now?: () => number }): RateLimiter {
  const failures = new Map<string, number[]>();
  const recent = (key: string) => {
    const cutoff = now() - windowMs;
    const kept = (failures.get(key) ?? []).filter((at) => at > cutoff);
    if (kept.length === 0) failures.delete(key);
    else failures.set(key, kept);
    return kept;
  };
  return {
    retryAfter(key) {
      const kept = recent(key);
      if (kept.length < limit) return 0;
      return Math.max(1, Math.ceil((kept[kept.length - limit]! + windowMs - now()) / 1000));
    },
    recordFailure(key) {
      const kept = recent(key);
      kept.push(now());
      failures.set(key, kept);
      // Bound memory under a spray of distinct keys: forget the oldest entries.
      if (failures.size > 10_000) failures.delete(failures.keys().next().value!);
    },
    forgive(key) {
      const kept = failures.get(key);
      kept?.pop();
      if (kept?.length === 0) failures.delete(key);
    },
    reset(key) {
      failures.delete(key);
    },
  };
}
