import Link from 'next/link';
import { Spinner } from '@/components/ui/spinner';
import { RefreshWhile } from './refresh-while';
import { RAISED_SIGNALS, SIGNAL_LABELS } from '@/lib/review/signal-kinds';
import type { RunSignalsStatus } from '@/lib/review/signals/status';
import { formatNumber } from '@/lib/words';

/** How many pairs each signal flags, each a link to those pairs; or how far the signal job got. */
export function SignalSummary({ runId, status }: { runId: string; status: RunSignalsStatus | null }) {
  if (!status) return <p className="text-muted-foreground text-sm">Quality signals are computed once the run stops generating.</p>;
  const summary = status.summary;
  return (
    <div className="grid gap-2" aria-label="Signal summary">
      {status.state === 'pending' || status.state === 'running' ? (
        <p className="text-muted-foreground flex items-center gap-2 text-sm" role="status">
          <Spinner />
          <RefreshWhile />
          {status.state === 'pending' ? 'Quality signals are queued.' : `Checking pairs: ${formatNumber(status.pairs_checked)} checked so far.`}
        </p>
      ) : status.state === 'failed' ? (
        <p className="text-destructive text-sm" role="status">Computing signals failed: {status.error}. It is retried automatically.</p>
      ) : null}
      {summary && (
        <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
          <li className="text-muted-foreground">{formatNumber(summary.checked ?? 0)} pairs checked:</li>
          {RAISED_SIGNALS.map((signal) => (
            <li key={signal}>
              <Link className="underline-offset-2 hover:underline" href={`/runs/${runId}?signal=${signal}#pairs` as never} title={SIGNAL_LABELS[signal].explain}>
                {SIGNAL_LABELS[signal].label}: <span className="font-medium tabular-nums">{formatNumber(summary[signal] ?? 0)}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
