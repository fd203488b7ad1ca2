import { ActivityIcon } from 'lucide-react';
import type { WorkerHealth } from '@/lib/runs/worker-health';
import { cn } from '@/lib/utils';
import { formatAgo } from './format';

/** Workers alive and the last heartbeat: tells an admin whether a queued run will be picked up. */
export function WorkerHealthIndicator({ health, now }: { health: WorkerHealth; now: number }) {
  const alive = health.alive > 0;
  return (
    <div role="status" aria-label="Worker health" className="text-muted-foreground flex items-center gap-2 text-sm">
      <span className={cn('inline-block size-2 rounded-full', alive ? 'bg-emerald-500' : 'bg-red-500')} aria-hidden />
      <ActivityIcon aria-hidden className="size-4" />
      <span data-testid="workers-alive">
        {alive ? `${health.alive} ${health.alive === 1 ? 'worker' : 'workers'} alive` : 'No worker alive'}
      </span>
      {health.last_seen_at && <span>· last heartbeat {formatAgo(health.last_seen_at, now)}</span>}
    </div>
  );
}
