'use client';

import { ExternalLinkIcon } from 'lucide-react';
import Link from 'next/link';
import type { ClientRun } from '@/lib/runs/client-run';
import { RunActions } from './run-actions';
import { formatDuration, formatNumber } from './format';
import { MetricsSummary } from './metrics-summary';

const STOP_REASONS: Record<string, string> = {
  target_reached: 'target reached',
  cancelled: 'cancelled',
  provider_failing: 'the provider kept failing (circuit breaker)',
  too_many_failed_chunks: 'too many chunks failed',
  corpus_changed: 'the corpus changed',
  worker_lost: 'the worker was lost',
};

/** The expanded part of a history row: what the run's status means and what can be done. */
export function RunDetails({ run, canWrite, workersAlive, now, onRefresh }: { run: ClientRun; canWrite: boolean; workersAlive: number; now: number; onRefresh: () => Promise<void> }) {
  return (
    // Sticky and no wider than the screen: the table scrolls sideways on a phone, the details do not.
    <div className="sticky left-0 grid max-w-[calc(100vw-5rem)] gap-3 text-sm sm:max-w-none">
      {run.status === 'queued' && (
        <p>
          Waiting for {formatDuration(now - new Date(run.created_at).getTime())}.{' '}
          {workersAlive > 0 ? `${workersAlive} ${workersAlive === 1 ? 'worker is' : 'workers are'} alive and should take it shortly.` : 'No worker is alive: start one (npm run worker) or start the run now.'}
        </p>
      )}
      {run.status === 'generating' && (
        <p>
          {formatNumber(run.processed_chunks)} chunks done, {formatNumber(run.failed_chunks)} failed, {formatNumber(run.total_chunks - run.processed_chunks - run.failed_chunks)} to go.
        </p>
      )}
      {run.status === 'training' && <p>Training step {formatNumber(run.training?.steps_done ?? 0)} of {run.training?.steps_total ? formatNumber(run.training.steps_total) : '…'}.</p>}
      {run.error && (
        <div role="alert" className="border-destructive/30 bg-destructive/5 rounded-md border p-3">
          <p className="font-medium">{run.error.phase === 'generating' ? 'Generation' : 'Training'} stopped: {run.error.message}</p>
          <p className="text-muted-foreground text-xs">
            Code {run.error.code}
            {run.stop_reason ? ` · stop reason: ${STOP_REASONS[run.stop_reason] ?? run.stop_reason}` : ''}
          </p>
        </div>
      )}
      {run.status === 'cancelled' && (
        <p>
          Cancelled with {formatNumber(run.processed_chunks)} of {formatNumber(run.total_chunks)} chunks done; proceeding resumes from there.
        </p>
      )}
      {run.status === 'generated' && (
        <p>
          {formatNumber(run.pair_count)} pairs from {formatNumber(run.processed_chunks)} chunks
          {run.failed_chunks > 0 ? `; ${formatNumber(run.failed_chunks)} chunks failed and can be retried` : ''}.
        </p>
      )}
      {run.status === 'completed' && run.metrics && <MetricsSummary metrics={run.metrics} />}
      <div className="flex flex-wrap items-center gap-2">
        {canWrite && <RunActions run={run} onRefresh={onRefresh} />}
        <Link href={`/runs/${run.id}`} className="text-muted-foreground inline-flex items-center gap-1 text-sm hover:underline">
          Open run page <ExternalLinkIcon aria-hidden className="size-3.5" />
        </Link>
      </div>
    </div>
  );
}
