'use client';

import { LockIcon } from 'lucide-react';
import Link from 'next/link';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Progress } from '@/components/ui/progress';
import { blocksCorpus } from '@/lib/runs/available-actions';
import type { ClientRun } from '@/lib/runs/client-run';
import { countOf } from '@/lib/words';
import { blockingMessage } from './blocking-message';
import { useLiveConnection, useLiveRate, useLiveRun } from './corpus-live';
import { formatDuration, formatNumber } from './format';
import { GenerateForm } from './generate-form';
import { TrainingResults } from '@/components/training/training-results';
import { RunActions } from './run-actions';
import { useShowRun } from './use-show-run';
import { trainingProgressText } from '@/components/training/training-progress';
import { finishedChunks, percentOf } from './run-progress';
import { RunStatusBadge } from './run-status';

type Props = {
  corpus: { id: string; name: string; chunk_count: number };
  /** The run shown: the one picked in the history, else the one blocking the corpus, else the latest. */
  run: ClientRun | null;
  /** The run keeping the corpus from a new generation, if any. */
  blocking: ClientRun | null;
  canWrite: boolean;
  defaultGenerator: 'offline' | 'openai';
  openaiConfigured: boolean;
  newestChunkAt: string | null;
};

/** Generate a run over the selected corpus, and follow the current run live. */
export function WorkflowCard({ corpus, run: renderedRun, blocking: renderedBlocking, canWrite, defaultGenerator, openaiConfigured, newestChunkAt }: Props) {
  const run = useLiveRun(renderedRun);
  const blocking = useLiveRun(renderedBlocking);
  // The live snapshot can move on before the page's data does (e.g. training just completed).
  const blockingStatus = blocking && blocksCorpus(blocking) ? (blocking.status as Exclude<typeof blocking.status, 'completed'>) : null;

  return (
    <Card aria-labelledby="workflow-title">
      <CardHeader>
        <CardTitle><h2 id="workflow-title">Training workflow</h2></CardTitle>
        <CardDescription>
          Generate question–chunk pairs for <span className="text-foreground font-medium">{corpus.name}</span> ({countOf(corpus.chunk_count, 'chunk')}), review them, then train.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-6">
        {canWrite ? (
          <>
            {blockingStatus && blocking && (
              <Alert data-testid="blocking-message">
                <LockIcon aria-hidden />
                <AlertTitle>Generate is unavailable</AlertTitle>
                <AlertDescription>
                  <p>{blockingMessage(blockingStatus)}</p>
                  <Link className="underline" href={`/?corpus=${corpus.id}&run=${blocking.id}#run-${blocking.id}`}>Go to the blocking run</Link>
                </AlertDescription>
              </Alert>
            )}
            <GenerateForm corpusId={corpus.id} disabled={Boolean(blockingStatus) || corpus.chunk_count === 0} defaultGenerator={defaultGenerator} openaiConfigured={openaiConfigured} />
          </>
        ) : (
          <p className="text-muted-foreground text-sm">You can follow runs here; starting and changing them is for workspace admins.</p>
        )}
        {run && <CurrentRun key={run.id} run={run} canWrite={canWrite} newestChunkAt={newestChunkAt} />}
      </CardContent>
    </Card>
  );
}

function CurrentRun({ run, canWrite, newestChunkAt }: { run: ClientRun; canWrite: boolean; newestChunkAt: string | null }) {
  const connected = useLiveConnection();
  const showRun = useShowRun();
  const rate = useLiveRate(run.id);
  const done = finishedChunks(run);
  const remaining = run.total_chunks - done;
  const eta = rate && rate > 0 && run.status === 'generating' && connected ? formatDuration((remaining / rate) * 1000) : null;
  const training = run.status === 'training' && run.training?.steps_total ? run.training : null;
  const details = [
    run.status === 'generating' && (!connected ? 'Live updates paused' : rate !== null ? `${rate.toFixed(1)} chunks/s${eta ? ` · about ${eta} left` : ''}` : 'Measuring rate…'),
    run.status === 'training' && trainingProgressText(run, connected ? rate : null),
    run.failed_chunks > 0 && `${countOf(run.failed_chunks, 'chunk')} failed`,
  ].filter(Boolean);
  return (
    <section aria-label="Current run" className="grid gap-3 rounded-lg border p-4" data-testid="current-run" data-run-id={run.id}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex items-center gap-2">
          <RunStatusBadge status={run.status} />
          <Link href={`/runs/${run.id}`} className="text-muted-foreground text-xs hover:underline">Run {run.id.slice(0, 8)}</Link>
        </div>
        <span className="text-sm tabular-nums" data-testid="current-progress">
          {formatNumber(run.processed_chunks)}/{formatNumber(run.total_chunks)} chunks done · {countOf(run.pair_count, 'pair')}
        </span>
      </div>
      <Progress value={training ? percentOf(training.steps_done, training.steps_total!) : percentOf(done, run.total_chunks)} aria-label="Run progress" />
      {/* Not a live region: it changes twice a second. The status badge and toasts announce what matters. */}
      {details.length > 0 && <p className="text-muted-foreground text-xs">{details.join(' · ')}</p>}
      {run.status === 'completed' && run.metrics && <TrainingResults metrics={run.metrics} compact />}
      {canWrite && <RunActions run={run} newestChunkAt={newestChunkAt} onDone={(name, data) => name === 'continue' && data?.runId && showRun(data.runId)} />}
    </section>
  );
}
