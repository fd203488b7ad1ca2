import { ArrowDownIcon } from 'lucide-react';
import Link from 'next/link';
import type { LineageRun } from '@/lib/runs/detail';
import { cn } from '@/lib/utils';
import { formatDate, formatNumber } from './format';
import { RunStatusBadge } from './run-status';

/** Parent → this run → children. */
export function LineageChain({ runId, ancestors, childRuns }: { runId: string; ancestors: LineageRun[]; childRuns: LineageRun[] }) {
  const chain = [...ancestors, ...childRuns];
  return (
    <ol className="grid gap-1" aria-label="Lineage">
      {chain.map((run, i) => (
        <li key={run.id} className="grid gap-1">
          {i > 0 && <ArrowDownIcon aria-hidden className="text-muted-foreground ml-3 size-4" />}
          <div className={cn('flex flex-wrap items-center gap-2 rounded-md border p-2 text-sm', run.id === runId && 'border-primary bg-muted/50')} aria-current={run.id === runId ? 'true' : undefined}>
            <RunStatusBadge status={run.status} />
            {run.id === runId ? <span className="font-medium">This run</span> : <Link href={`/runs/${run.id}`} className="hover:underline">Run {run.id.slice(0, 8)}</Link>}
            <span className="text-muted-foreground text-xs">
              {formatDate(run.created_at)} · {formatNumber(run.total_chunks)} chunks · {formatNumber(run.pair_count)} pairs
            </span>
          </div>
        </li>
      ))}
    </ol>
  );
}
