import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '@/lib/auth/rate-limit';

describe('createRateLimiter', () => {
  const clock = () => {
    let now = 1_000_000;
    return { now: () => now, advance: (ms: number) => (now += ms) };
  };

  it('allows attempts until the limit of failures within the window', () => {
    const time = clock();
    const limiter = createRateLimiter({ limit: 3, windowMs: 60_000, now: time.now });
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfter('k')).toBe(0);
      limiter.recordFailure('k');
    }
    expect(limiter.retryAfter('k')).toBe(60);
    time.advance(30_000);
    expect(limiter.retryAfter('k')).toBe(30);
    expect(limiter.retryAfter('other')).toBe(0);
  });

  it('forgets failures once they leave the window, and on reset', () => {
    const time = clock();
    const limiter = createRateLimiter({ limit: 2, windowMs: 10_000, now: time.now });
    limiter.recordFailure('k');
    limiter.recordFailure('k');
    expect(limiter.retryAfter('k')).toBeGreaterThan(0);
    time.advance(10_001);
    expect(limiter.retryAfter('k')).toBe(0);
    limiter.recordFailure('k');
    limiter.recordFailure('k');
    limiter.reset('k');
    expect(limiter.retryAfter('k')).toBe(0);
  });
});
