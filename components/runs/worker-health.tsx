'use client';

import { ActivityIcon } from 'lucide-react';
import { cn } from '@/lib/utils';
import { countOf } from '@/lib/words';
import { useLiveConnection, useLiveHealth, useRenderedAt, type ClientWorkerHealth } from './corpus-live';
import { formatAgo } from './format';
import { useNow } from './use-now';

/**
 * Workers alive and the last heartbeat — whether a queued run will be picked up — and
 * whether this page is still receiving live updates.
 */
export function WorkerHealthIndicator({ health: rendered }: { health: ClientWorkerHealth }) {
  const health = useLiveHealth(rendered);
  const connected = useLiveConnection();
  const now = useNow(useRenderedAt());
  const alive = health.alive > 0;
  return (
    <div className="text-muted-foreground flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
      <div role="status" aria-label="Worker health" className="flex items-center gap-2">
        <span className={cn('inline-block size-2 rounded-full', alive ? 'bg-emerald-500' : 'bg-red-500')} aria-hidden />
        <ActivityIcon aria-hidden className="size-4" />
        <span data-testid="workers-alive">{alive ? `${countOf(health.alive, 'worker')} alive` : 'No worker alive'}</span>
        {health.last_seen_at && <span>· last heartbeat {formatAgo(health.last_seen_at, Math.max(now, new Date(health.last_seen_at).getTime()))}</span>}
      </div>
      <span role="status" aria-label="Live updates" data-testid="live-state" className={cn('text-xs', !connected && 'text-amber-700 dark:text-amber-300')}>
        {connected ? 'Live' : 'Reconnecting… figures may be out of date'}
      </span>
    </div>
  );
}
