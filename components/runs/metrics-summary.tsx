import type { RunMetrics } from '@/lib/runs/run-row';
import { formatNumber } from './format';

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
const delta = (after: number, before: number) => {
  const points = (after - before) * 100;
  return `${points >= 0 ? '+' : ''}${points.toFixed(1)} pts`;
};

/** How much retrieval improved: held-out questions, before (embedder alone) and after the adapter. */
export function MetricsSummary({ metrics }: { metrics: RunMetrics }) {
  const rows = [
    ['Recall@1', metrics.baseline.recall_at_1, metrics.adapted.recall_at_1],
    ['Recall@5', metrics.baseline.recall_at_5, metrics.adapted.recall_at_5],
    ['MRR', metrics.baseline.mrr, metrics.adapted.mrr],
  ] as const;
  return (
    <div className="grid gap-2" data-testid="metrics">
      <dl className="grid gap-3 sm:grid-cols-3">
        {rows.map(([label, before, after]) => (
          <div key={label} className="bg-background rounded-md border p-2">
            <dt className="text-muted-foreground text-xs">{label}</dt>
            <dd className="font-medium tabular-nums">
              {percent(before)} → {percent(after)} <span className={after >= before ? 'text-emerald-600 dark:text-emerald-400' : 'text-red-600'}>({delta(after, before)})</span>
            </dd>
          </div>
        ))}
      </dl>
      <p className="text-muted-foreground text-xs">
        {formatNumber(metrics.eval_queries)} held-out questions against {formatNumber(metrics.candidates)} passages; trained {formatNumber(metrics.steps)} steps on {formatNumber(metrics.train_pairs)} pairs ({metrics.embedder}).
      </p>
    </div>
  );
}
