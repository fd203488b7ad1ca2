'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Card, CardContent } from '@/components/ui/card';
import { Progress } from '@/components/ui/progress';
import { activeMs, fresher, type ClientRun } from '@/lib/runs/client-run';
import { isActive } from '@/lib/runs/status';
import { formatDate, formatDuration, formatNumber } from './format';
import { trainingProgressText } from '@/components/training/training-progress';
import { TrainingResults } from '@/components/training/training-results';
import { RunActions } from './run-actions';
import { finishedChunks, percentOf } from './run-progress';
import { RunStatusBadge } from './run-status';
import { stopReasonLabel } from './stop-reason';
import { useNow } from './use-now';
import { useRunStream } from './use-run-stream';

type Props = { initial: ClientRun; canWrite: boolean; renderedAt: number; newestChunkAt: string | null };

/** The run page's header: status, counters and actions, kept current over Server-Sent Events. */
export function RunLive({ initial, canWrite, renderedAt, newestChunkAt }: Props) {
  const router = useRouter();
  const [live, setLive] = useState<ClientRun | undefined>();
  const now = useNow(renderedAt);
  const run = fresher(live, initial);
  useRunStream(run.id, isActive(run.status), (next) => {
    if (next.status !== run.status) router.refresh();
    setLive(next);
  });
  const refresh = async () => {
    const response = await fetch(`/api/runs/${run.id}`, { cache: 'no-store' });
    if (response.ok) setLive((await response.json()) as ClientRun);
  };
  const steps = run.training?.steps_total ? run.training : null;
  const counters: [string, string][] = [
    ['Chunks', formatNumber(run.total_chunks)],
    ['Done', formatNumber(run.processed_chunks)],
    ['Failed', formatNumber(run.failed_chunks)],
    ['Pairs', formatNumber(run.pair_count)],
    ...(steps ? ([['Training steps', `${formatNumber(steps.steps_done)}/${formatNumber(steps.steps_total!)}`]] as [string, string][]) : []),
    ['Working time', run.started_at ? formatDuration(activeMs(run, now)) : '—'],
  ];
  // Training progress once training has begun (a cancelled run with steps was cancelled while training).
  const training = steps !== null && (run.status === 'training' || run.status === 'training_failed' || run.status === 'cancelled');
  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">Run {run.id.slice(0, 8)}</h1>
        <RunStatusBadge status={run.status} />
        <span className="text-muted-foreground text-sm">created {formatDate(run.created_at)}</span>
      </div>
      <Card>
        <CardContent className="grid gap-4">
          <dl className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-6" aria-label="Counters">
            {counters.map(([label, value]) => (
              <div key={label}>
                <dt className="text-muted-foreground text-xs">{label}</dt>
                <dd className="text-xl font-semibold tabular-nums" data-testid={`counter-${label.toLowerCase().replace(' ', '-')}`}>{value}</dd>
              </div>
            ))}
          </dl>
          {training ? (
            <Progress value={percentOf(steps!.steps_done, steps!.steps_total!)} aria-label="Training steps done" />
          ) : (
            <Progress value={percentOf(finishedChunks(run), run.total_chunks)} aria-label="Chunks finished" />
          )}
          {run.status === 'training' && <p className="text-muted-foreground text-xs" data-testid="training-progress">{trainingProgressText(run)}</p>}
          {run.error && (
            <div role="alert" className="text-destructive text-sm break-words">
              <p>{run.error.phase === 'generating' ? 'Generation' : 'Training'} stopped: {run.error.message}</p>
              <p className="text-muted-foreground text-xs">Code {run.error.code}{run.stop_reason ? ` · stop reason: ${stopReasonLabel(run.stop_reason)}` : ''}</p>
            </div>
          )}
          {run.metrics && <TrainingResults metrics={run.metrics} />}
          {canWrite && (
            <RunActions
              run={run}
              onRefresh={refresh}
              showReview={false}
              newestChunkAt={newestChunkAt}
              onDone={(name, data) => {
                if (name === 'continue' && data?.runId) router.push(`/runs/${data.runId}`);
                else if (name === 'remove') router.push('/');
              }}
            />
          )}
        </CardContent>
      </Card>
    </div>
  );
}
