'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Card, CardContent } from '@/components/ui/card';
import { Progress } from '@/components/ui/progress';
import { fresher, type ClientRun } from '@/lib/runs/client-run';
import { isActive } from '@/lib/runs/status';
import { formatDate, formatNumber } from './format';
import { MetricsSummary } from './metrics-summary';
import { RunActions } from './run-actions';
import { finishedChunks, percentOf } from './run-progress';
import { RunStatusBadge } from './run-status';
import { useRunStream } from './use-run-stream';

/** The run page's header: status, counters and actions, kept current over Server-Sent Events. */
export function RunLive({ initial, canWrite }: { initial: ClientRun; canWrite: boolean }) {
  const router = useRouter();
  const [live, setLive] = useState<ClientRun | undefined>();
  const run = fresher(live, initial);
  useRunStream(run.id, isActive(run.status), (next) => {
    if (next.status !== run.status) router.refresh();
    setLive(next);
  });
  const refresh = async () => {
    const response = await fetch(`/api/runs/${run.id}`, { cache: 'no-store' });
    if (response.ok) setLive((await response.json()) as ClientRun);
  };
  const counters = [
    ['Chunks', run.total_chunks],
    ['Done', run.processed_chunks],
    ['Failed', run.failed_chunks],
    ['Pairs', run.pair_count],
  ] as const;
  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">Run {run.id.slice(0, 8)}</h1>
        <RunStatusBadge status={run.status} />
        <span className="text-muted-foreground text-sm">created {formatDate(run.created_at)}</span>
      </div>
      <Card>
        <CardContent className="grid gap-4">
          <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4" aria-label="Counters">
            {counters.map(([label, value]) => (
              <div key={label}>
                <dt className="text-muted-foreground text-xs">{label}</dt>
                <dd className="text-xl font-semibold tabular-nums" data-testid={`counter-${label.toLowerCase()}`}>{formatNumber(value)}</dd>
              </div>
            ))}
          </dl>
          <Progress value={percentOf(finishedChunks(run), run.total_chunks)} aria-label="Chunks finished" />
          {run.error && (
            <p role="alert" className="text-destructive text-sm">
              {run.error.phase === 'generating' ? 'Generation' : 'Training'} stopped: {run.error.message}
            </p>
          )}
          {run.metrics && <MetricsSummary metrics={run.metrics} />}
          {canWrite && <RunActions run={run} onRefresh={refresh} showReview={false} onDone={(name, data) => name === 'continue' && data?.runId && router.push(`/runs/${data.runId}`)} />}
        </CardContent>
      </Card>
    </div>
  );
}
