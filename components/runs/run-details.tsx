'use client';

import { ExternalLinkIcon, TriangleAlertIcon } from 'lucide-react';
import Link from 'next/link';
import type { ClientRun } from '@/lib/runs/client-run';
import { countOf } from '@/lib/words';
import { trainingProgressText } from '@/components/training/training-progress';
import { useLiveHealth, useLiveRate } from './corpus-live';
import { formatDuration, formatNumber } from './format';
import { TrainingResults } from '@/components/training/training-results';
import { RunActions } from './run-actions';
import { useShowRun } from './use-show-run';
import { RunProgressCell } from './run-progress';
import { stopReasonLabel } from './stop-reason';

type Props = { run: ClientRun; canWrite: boolean; now: number; onRefresh: () => Promise<void>; newestChunkAt: string | null };

/** The expanded part of a history row: what the run's status means and what can be done. */
export function RunDetails({ run, canWrite, now, onRefresh, newestChunkAt }: Props) {
  const { alive } = useLiveHealth();
  const rate = useLiveRate(run.id);
  const showRun = useShowRun();
  const toGo = run.total_chunks - run.processed_chunks - run.failed_chunks;
  return (
    <div className="grid min-w-0 gap-3 text-sm">
      {/* The progress column is hidden on narrow screens: it shows here instead. */}
      <div className="sm:hidden"><RunProgressCell run={run} /></div>
      {run.status === 'queued' && (
        <p>
          Waiting for {formatDuration(now - new Date(run.created_at).getTime())}.{' '}
          {alive > 0 ? `${countOf(alive, 'worker')} ${alive === 1 ? 'is' : 'are'} alive and should take it shortly.` : 'No worker is alive: start one (npm run worker) or start the run now.'}
        </p>
      )}
      {run.status === 'generating' && (
        <p>
          {countOf(run.processed_chunks, 'chunk')} done, {formatNumber(run.failed_chunks)} failed, {formatNumber(toGo)} to go.
        </p>
      )}
      {run.status === 'training' && <p>{trainingProgressText(run, rate)}.</p>}
      {(run.status === 'generating' || run.status === 'training') && alive === 0 && (
        <p className="flex items-start gap-2 text-amber-700 dark:text-amber-300">
          <TriangleAlertIcon aria-hidden className="mt-0.5 size-4 shrink-0" />
          No worker is alive, so nothing is being done: the run continues when a worker starts (npm run worker, or a Recall server with background work on).
        </p>
      )}
      {run.error && (
        <div role="alert" className="border-destructive/30 bg-destructive/5 rounded-md border p-3 break-words">
          <p className="font-medium">{run.error.phase === 'generating' ? 'Generation' : 'Training'} stopped: {run.error.message}</p>
          <p className="text-muted-foreground text-xs">
            Code {run.error.code}
            {run.stop_reason ? ` · stop reason: ${stopReasonLabel(run.stop_reason)}` : ''}
            {run.status === 'training_failed' && run.training?.steps_total ? ` · stopped at step ${formatNumber(run.training.steps_done)} of ${formatNumber(run.training.steps_total)}` : ''}
          </p>
        </div>
      )}
      {run.status === 'cancelled' && (
        <p>
          Cancelled with {formatNumber(run.processed_chunks)} of {countOf(run.total_chunks, 'chunk')} done; proceeding resumes from there.
        </p>
      )}
      {run.status === 'generated' && (
        <p>
          {countOf(run.pair_count, 'pair')} from {countOf(run.processed_chunks, 'chunk')}
          {run.failed_chunks > 0 ? `; ${countOf(run.failed_chunks, 'chunk')} failed${run.continued_at ? ' (the continuation covers them)' : ' and can be retried'}` : ''}.
        </p>
      )}
      {run.continued_at && run.child_run_id && (
        <p className="text-muted-foreground">
          Continued by <Link className="underline" href={`/runs/${run.child_run_id}`}>run {run.child_run_id.slice(0, 8)}</Link>: review, train and continue the lineage from there.
        </p>
      )}
      {run.status === 'completed' && run.metrics && <TrainingResults metrics={run.metrics} compact />}
      <div className="flex flex-wrap items-center gap-2">
        {canWrite && <RunActions run={run} onRefresh={onRefresh} newestChunkAt={newestChunkAt} onDone={(name, data) => name === 'continue' && data?.runId && showRun(data.runId)} />}
        <Link href={`/runs/${run.id}`} className="text-muted-foreground inline-flex items-center gap-1 text-sm hover:underline">
          Open run page <ExternalLinkIcon aria-hidden className="size-3.5" />
        </Link>
      </div>
    </div>
  );
}
