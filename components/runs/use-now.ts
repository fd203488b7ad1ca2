'use client';

import { useEffect, useState } from 'react';

/**
 * The current time, ticking every `everyMs`: durations and "ago" labels stay true while the
 * page is open. Starts at the server's render time, so the first render hydrates as rendered.
 */
export function useNow(renderedAt: number, everyMs = 1000): number {
  const [now, setNow] = useState(renderedAt);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
