import { METRICS, type Metric } from '@/lib/evaluation/metrics';
import type { RunMetrics } from '@/lib/runs/run-row';
import { isTrainingReport, type ComparisonReport, type TrainingReport } from '@/lib/training/report';
import { cn } from '@/lib/utils';
import { countOf, formatNumber } from '@/lib/words';
import { formatDifference, formatMetric, METRIC_LABELS } from './format';
import { TrainingCurve } from './training-curve';
import { verdictAppearance } from './verdict';

const ADAPTER_FORMS = { identity: 'none (identity)', diagonal: 'diagonal (term re-weighting)', diagonal_low_rank: 'diagonal + low rank' } as const;

/**
 * How retrieval changed, for chunks training never saw, against the whole corpus: the base
 * embedder, the adapted one and BM25, with the 95 % interval of the change. `compact` is the
 * dashboard's one-glance version; the run page shows it all.
 */
export function TrainingResults({ metrics, compact = false }: { metrics: RunMetrics; compact?: boolean }) {
  if (!isTrainingReport(metrics)) {
    return (
      <p className="text-muted-foreground text-sm" data-testid="metrics">
        Trained by an earlier version of Recall, which measured on held-out pairs of chunks it had trained on: those numbers are not
        comparable and are not shown. Continue the run and train the continuation for a held-out measurement.
      </p>
    );
  }
  const report = metrics;
  const { title, tone } = verdictAppearance(report.verdict);
  const primary = report.questions ?? report.test;
  return (
    <div className="grid gap-3" data-testid="metrics" data-verdict={report.verdict}>
      <div className={cn('rounded-md border px-3 py-2 text-sm', tone)} role="status">
        <p className="font-medium">{title}</p>
        <p className="text-xs">{explanation(report, primary)}</p>
      </div>
      {primary && (compact ? <CompactTable comparison={primary} /> : null)}
      {!compact && report.questions && <ComparisonTable caption={`Your questions (${countOf(report.questions.queries, 'question')})`} comparison={report.questions} />}
      {!compact && report.test && (
        <ComparisonTable caption={`Held-out generated questions (${countOf(report.test.queries, 'question')} about ${countOf(report.split.test_chunks, 'test chunk')})`} comparison={report.test} />
      )}
      {!compact && <Details report={report} />}
      {!compact && report.curve.length > 1 && <TrainingCurve curve={report.curve} identity={report.validation.identity} />}
    </div>
  );
}

function explanation(report: TrainingReport, primary: ComparisonReport | null): string {
  const against = `against all ${formatNumber(report.corpus_chunks)} chunks of the corpus`;
  switch (report.verdict) {
    case 'no_improvement':
      return `No adapter form beat the ${report.embedder.model} embedding on the validation chunks, so none is used: search works exactly as before training.`;
    case 'not_measured':
      return report.steps === 0
        ? 'Too few chunks to hold enough out for validation, so no adapter was trained. Continue the run with more documents.'
        : 'No test chunks to measure on. Continue the run with more documents for a measurement.';
    default: {
      const gain = primary!.gain.mrr_at_10;
      const significance = gain.significant ? 'significant' : 'not significant: the interval includes zero';
      return `MRR@10 ${formatDifference('mrr_at_10', gain)} on ${countOf(primary!.queries, 'question')} ${against}; ${significance}.`;
    }
  }
}

function CompactTable({ comparison }: { comparison: ComparisonReport }) {
  const show: Metric[] = ['hit_at_1', 'mrr_at_10'];
  return (
    <dl className="grid gap-2 sm:grid-cols-3">
      {show.map((metric) => (
        <div key={metric} className="bg-background grid gap-0.5 rounded-md border p-2">
          <dt className="text-muted-foreground text-xs">{METRIC_LABELS[metric]}</dt>
          <dd className="font-medium tabular-nums">
            {formatMetric(metric, comparison.base[metric])} → {formatMetric(metric, comparison.adapted[metric])}
          </dd>
        </div>
      ))}
      <div className="bg-background grid gap-0.5 rounded-md border p-2">
        <dt className="text-muted-foreground text-xs">BM25 baseline</dt>
        <dd className="font-medium tabular-nums">
          {formatMetric('hit_at_1', comparison.bm25.hit_at_1)} · {formatMetric('mrr_at_10', comparison.bm25.mrr_at_10)}
        </dd>
      </div>
    </dl>
  );
}

function ComparisonTable({ caption, comparison }: { caption: string; comparison: ComparisonReport }) {
  const rows = [
    { label: 'Embedding alone', values: comparison.base },
    { label: 'With the adapter', values: comparison.adapted },
    { label: 'BM25 (lexical)', values: comparison.bm25 },
  ];
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm tabular-nums">
        <caption className="text-muted-foreground pb-1 text-left text-xs">{caption}</caption>
        <thead>
          <tr className="text-muted-foreground text-xs">
            <th className="py-1 pr-3 text-left font-normal" scope="col">Retrieval</th>
            {METRICS.map((metric) => (
              <th key={metric} className="px-2 py-1 text-right font-normal" scope="col">{METRIC_LABELS[metric]}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(({ label, values }) => (
            <tr key={label} className="border-t">
              <th className="py-1 pr-3 text-left font-normal" scope="row">{label}</th>
              {METRICS.map((metric) => (
                <td key={metric} className="px-2 py-1 text-right">{formatMetric(metric, values[metric])}</td>
              ))}
            </tr>
          ))}
          <tr className="border-t">
            <th className="py-1 pr-3 text-left font-normal" scope="row">Change with the adapter</th>
            {METRICS.map((metric) => {
              const d = comparison.gain[metric];
              return (
                <td
                  key={metric}
                  className={cn('px-2 py-1 text-right text-xs', d.significant ? (d.mean > 0 ? 'text-emerald-700 dark:text-emerald-400' : 'text-red-700 dark:text-red-400') : 'text-muted-foreground')}
                  title={d.significant ? 'Significant: the 95 % interval excludes zero' : 'Not significant: the 95 % interval includes zero'}
                >
                  {formatDifference(metric, d)}
                </td>
              );
            })}
          </tr>
        </tbody>
      </table>
    </div>
  );
}

function Details({ report }: { report: TrainingReport }) {
  const { split } = report;
  return (
    <dl className="text-muted-foreground grid gap-x-4 gap-y-1 text-xs sm:grid-cols-2">
      <div><dt className="inline">Embedder: </dt><dd className="inline">{report.embedder.model} ({report.embedder.provider}, {formatNumber(report.embedder.dim)} dimensions)</dd></div>
      <div><dt className="inline">Adapter: </dt><dd className="inline">{ADAPTER_FORMS[report.adapter.form]}{report.adapter.rank ? `, rank ${report.adapter.rank}` : ''}, {formatNumber(report.adapter.parameters)} parameters</dd></div>
      <div>
        <dt className="inline">Split by chunk: </dt>
        <dd className="inline">
          {formatNumber(split.train_chunks)} train / {formatNumber(split.validation_chunks)} validation / {formatNumber(split.test_chunks)} test chunks
        </dd>
      </div>
      <div>
        <dt className="inline">Trained: </dt>
        <dd className="inline">
          {countOf(split.train_pairs, 'pair')}, {countOf(report.steps, 'step')}, {report.hard_negatives ? 'hard and in-batch negatives' : 'in-batch negatives'}, {report.trainer} trainer
        </dd>
      </div>
      <div className="sm:col-span-2">
        <dt className="inline">Validation MRR@10: </dt>
        <dd className="inline">
          {report.validation.identity.toFixed(3)} without an adapter
          {report.validation.candidates.map((c) => `; ${c.validation.toFixed(3)} ${ADAPTER_FORMS[c.form]}${c.rank ? ` (rank ${c.rank})` : ''}`).join('')}
        </dd>
      </div>
    </dl>
  );
}
