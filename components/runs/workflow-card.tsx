'use client';

import { LockIcon } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useRef, useState } from 'react';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Progress } from '@/components/ui/progress';
import { fresher, type ClientRun } from '@/lib/runs/client-run';
import { isActive } from '@/lib/runs/status';
import { blockingMessage } from './blocking-message';
import { formatDuration, formatNumber } from './format';
import { GenerateForm } from './generate-form';
import { MetricsSummary } from './metrics-summary';
import { RunActions } from './run-actions';
import { finishedChunks, percentOf } from './run-progress';
import { RunStatusBadge } from './run-status';
import { useRunStream } from './use-run-stream';

type Props = {
  corpus: { id: string; name: string; chunk_count: number };
  /** The run shown: the one blocking the corpus, else the one picked in the history, else the latest. */
  run: ClientRun | null;
  blocking: boolean;
  canWrite: boolean;
  defaultGenerator: 'offline' | 'openai';
  openaiConfigured: boolean;
};

/** Generate a run over the selected corpus, and follow the current run live. */
export function WorkflowCard({ corpus, run: initial, blocking, canWrite, defaultGenerator, openaiConfigured }: Props) {
  const router = useRouter();
  const [live, setLive] = useState<ClientRun | undefined>();
  const run = initial ? fresher(live?.id === initial.id ? live : undefined, initial) : null;
  const samples = useRef<{ t: number; done: number }[]>([]);
  const samplesOf = useRef<string | null>(null);
  const [rate, setRate] = useState<number | null>(null);
  const onRun = useCallback(
    (next: ClientRun) => {
      setLive((current) => {
        if (current && current.status !== next.status) router.refresh();
        return next;
      });
      // Rate over the last 15 s of updates.
      if (samplesOf.current !== next.id) {
        samplesOf.current = next.id;
        samples.current = [];
      }
      const list = samples.current;
      list.push({ t: Date.now(), done: finishedChunks(next) });
      while (list.length > 2 && list[0]!.t < Date.now() - 15_000) list.shift();
      const first = list[0]!;
      const last = list.at(-1)!;
      setRate(last.t > first.t ? ((last.done - first.done) * 1000) / (last.t - first.t) : null);
    },
    [router],
  );
  useRunStream(initial?.id ?? 'none', Boolean(initial && isActive(initial.status)), onRun);
  // The live snapshot can move on before the page's data does (e.g. training just completed).
  const blockingStatus = blocking && run && run.status !== 'completed' && !run.continued_at ? run.status : null;

  return (
    <Card aria-labelledby="workflow-title">
      <CardHeader>
        <CardTitle><h2 id="workflow-title">Training workflow</h2></CardTitle>
        <CardDescription>
          Generate question–chunk pairs for <span className="text-foreground font-medium">{corpus.name}</span> ({formatNumber(corpus.chunk_count)} chunks), review them, then train.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-6">
        {canWrite ? (
          <>
            {blockingStatus && run && (
              <Alert data-testid="blocking-message">
                <LockIcon aria-hidden />
                <AlertTitle>Generate is unavailable</AlertTitle>
                <AlertDescription>
                  <p>{blockingMessage(blockingStatus)}</p>
                  <Link className="underline" href={`/?corpus=${corpus.id}&run=${run.id}#run-${run.id}`}>Go to the blocking run</Link>
                </AlertDescription>
              </Alert>
            )}
            <GenerateForm corpusId={corpus.id} disabled={Boolean(blockingStatus) || corpus.chunk_count === 0} defaultGenerator={defaultGenerator} openaiConfigured={openaiConfigured} />
          </>
        ) : (
          <p className="text-muted-foreground text-sm">You can follow runs here; starting and changing them is for workspace admins.</p>
        )}
        {run && <CurrentRun run={run} rate={live?.id === run.id ? rate : null} canWrite={canWrite} />}
      </CardContent>
    </Card>
  );
}

function CurrentRun({ run, rate, canWrite }: { run: ClientRun; rate: number | null; canWrite: boolean }) {
  const done = finishedChunks(run);
  const remaining = run.total_chunks - done;
  const eta = rate && rate > 0 && run.status === 'generating' ? formatDuration((remaining / rate) * 1000) : null;
  const training = run.status === 'training' && run.training?.steps_total ? run.training : null;
  return (
    <section aria-label="Current run" className="grid gap-3 rounded-lg border p-4" data-testid="current-run" data-run-id={run.id}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex items-center gap-2">
          <RunStatusBadge status={run.status} />
          <Link href={`/runs/${run.id}`} className="text-muted-foreground text-xs hover:underline">Run {run.id.slice(0, 8)}</Link>
        </div>
        <span className="text-sm tabular-nums" data-testid="current-progress">
          {formatNumber(done)}/{formatNumber(run.total_chunks)} chunks · {formatNumber(run.pair_count)} pairs
        </span>
      </div>
      <Progress value={training ? percentOf(training.steps_done, training.steps_total!) : percentOf(done, run.total_chunks)} aria-label="Run progress" />
      <p className="text-muted-foreground text-xs" aria-live="polite">
        {run.status === 'generating' && (rate !== null ? `${rate.toFixed(1)} chunks/s${eta ? ` · about ${eta} left` : ''}` : 'Measuring rate…')}
        {training && `Training step ${formatNumber(training.steps_done)} of ${formatNumber(training.steps_total!)}`}
        {run.failed_chunks > 0 && ` · ${formatNumber(run.failed_chunks)} failed chunks`}
      </p>
      {run.status === 'completed' && run.metrics && <MetricsSummary metrics={run.metrics} />}
      {canWrite && <RunActions run={run} />}
    </section>
  );
}
