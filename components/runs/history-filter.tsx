'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { Label } from '@/components/ui/label';
import { RUN_STATUSES } from '@/lib/runs/status';
import { statusAppearance } from './run-status';

/** Status filter of the history; changing it starts again at the newest page. */
export function HistoryFilter() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  return (
    <div className="flex items-center gap-2">
      <Label htmlFor="status-filter" className="text-sm">Status</Label>
      <select
        id="status-filter"
        className="border-input dark:bg-input/30 h-8 rounded-md border bg-transparent px-2 text-sm"
        value={params.get('status') ?? ''}
        onChange={(event) => {
          const next = new URLSearchParams(params);
          next.delete('cursor');
          if (event.target.value) next.set('status', event.target.value);
          else next.delete('status');
          router.push(`${pathname}?${next.toString()}` as never, { scroll: false });
        }}
      >
        <option value="">All</option>
        {RUN_STATUSES.map((status) => (
          <option key={status} value={status}>{statusAppearance(status).label}</option>
        ))}
      </select>
    </div>
  );
}
