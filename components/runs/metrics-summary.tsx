import type { RunMetrics } from '@/lib/runs/run-row';
import { cn } from '@/lib/utils';
import { countOf } from '@/lib/words';

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
const decimal = (value: number) => value.toFixed(3);

/** How much retrieval improved: held-out questions, before (embedder alone) and after the adapter. */
export function MetricsSummary({ metrics }: { metrics: RunMetrics }) {
  const trained = `trained ${countOf(metrics.steps, 'step')} on ${countOf(metrics.train_pairs, 'pair')} (${metrics.embedder})`;
  if (metrics.eval_queries === 0) {
    return (
      <p className="text-muted-foreground text-sm" data-testid="metrics">
        Too few pairs to hold any out, so the improvement was not measured; {trained}. Continue the run with more documents for a measurement.
      </p>
    );
  }
  // Recall is a share of questions (a percentage); MRR is a mean of 1/rank (a number up to 1).
  const rows = [
    { label: 'Recall@1', before: metrics.baseline.recall_at_1, after: metrics.adapted.recall_at_1, show: percent, delta: (d: number) => `${(d * 100).toFixed(1)} pts` },
    { label: 'Recall@5', before: metrics.baseline.recall_at_5, after: metrics.adapted.recall_at_5, show: percent, delta: (d: number) => `${(d * 100).toFixed(1)} pts` },
    { label: 'MRR', before: metrics.baseline.mrr, after: metrics.adapted.mrr, show: decimal, delta: (d: number) => d.toFixed(3) },
  ];
  return (
    <div className="grid gap-2" data-testid="metrics">
      <dl className="grid gap-3 sm:grid-cols-3">
        {rows.map(({ label, before, after, show, delta }) => (
          <div key={label} className="bg-background grid gap-0.5 rounded-md border p-2">
            <dt className="text-muted-foreground text-xs">{label}</dt>
            <dd className="font-medium tabular-nums">
              {show(before)} → {show(after)}
            </dd>
            <dd className={cn('text-xs tabular-nums', after >= before ? 'text-emerald-600 dark:text-emerald-400' : 'text-red-600 dark:text-red-400')}>
              {after >= before ? '+' : '−'}
              {delta(Math.abs(after - before))}
            </dd>
          </div>
        ))}
      </dl>
      <p className="text-muted-foreground text-xs">
        {countOf(metrics.eval_queries, 'held-out question')} against {countOf(metrics.candidates, 'passage')}; {trained}.
      </p>
    </div>
  );
}
