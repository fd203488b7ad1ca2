'use client';

import { Progress } from '@/components/ui/progress';
import type { ClientRun } from '@/lib/runs/client-run';
import { trainingProgressText } from '@/components/training/training-progress';
import { formatNumber } from './format';

const WITH_BAR = new Set(['generating', 'generating_failed', 'training_failed', 'cancelled']);

export const finishedChunks = (run: Pick<ClientRun, 'processed_chunks' | 'failed_chunks'>) => run.processed_chunks + run.failed_chunks;
export const percentOf = (done: number, total: number) => (total > 0 ? Math.min(100, (100 * done) / total) : 0);

/**
 * The history table's progress cell: chunks finished of the run's chunks while that means
 * something (failed ones counted and named), "In progress" with the steps while training,
 * else a dash. (Where a failed training stopped is in the row's details.)
 */
export function RunProgressCell({ run }: { run: ClientRun }) {
  if (run.status === 'training') {
    return <span className="text-muted-foreground text-sm">{trainingProgressText(run)}</span>;
  }
  if (!WITH_BAR.has(run.status)) return <span className="text-muted-foreground">—</span>;
  const done = finishedChunks(run);
  return (
    <div className="grid min-w-28 gap-1">
      <span className="text-xs tabular-nums" data-testid="progress-text">
        {formatNumber(done)}/{formatNumber(run.total_chunks)}
        {run.failed_chunks > 0 && <span className="text-destructive"> · {formatNumber(run.failed_chunks)} failed</span>}
      </span>
      <Progress value={percentOf(done, run.total_chunks)} aria-label={`${formatNumber(done)} of ${formatNumber(run.total_chunks)} chunks finished`} />
    </div>
  );
}
