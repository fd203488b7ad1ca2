import { seededRandom } from '@/lib/training/random';

/**
 * Retrieval metrics at a cut-off of 10, as sentence-transformers' InformationRetrievalEvaluator
 * and BEIR report them: hit@k (any relevant chunk in the top k), MRR@10 (1 / rank of the
 * first relevant one, 0 beyond 10) and nDCG@10 (binary relevance, ideal = all relevant first).
 * A query's ranks are 1-based positions of its relevant chunks within the top 10.
 */
export const METRICS = ['hit_at_1', 'hit_at_5', 'hit_at_10', 'mrr_at_10', 'ndcg_at_10'] as const;
export type Metric = (typeof METRICS)[number];
export type MetricValues = Record<Metric, number>;

export const CUTOFF = 10;

/** One query's metrics from the ranks (1-based, any order) of its relevant chunks found in the top 10, and how many it has. */
export function queryMetrics(ranks: readonly number[], relevantCount: number): MetricValues {
  const within = [...ranks].filter((rank) => rank >= 1 && rank <= CUTOFF).sort((a, b) => a - b);
  const first = within[0];
  let dcg = 0;
  for (const rank of within) dcg += 1 / Math.log2(rank + 1);
  let ideal = 0;
  for (let rank = 1; rank <= Math.min(relevantCount, CUTOFF); rank++) ideal += 1 / Math.log2(rank + 1);
  return {
    hit_at_1: first === 1 ? 1 : 0,
    hit_at_5: first !== undefined && first <= 5 ? 1 : 0,
    hit_at_10: first !== undefined ? 1 : 0,
    mrr_at_10: first !== undefined ? 1 / first : 0,
    ndcg_at_10: ideal > 0 ? dcg / ideal : 0,
  };
}

export function mean(values: readonly MetricValues[]): MetricValues {
  const out = Object.fromEntries(METRICS.map((metric) => [metric, 0])) as MetricValues;
  if (values.length === 0) return out;
  for (const value of values) for (const metric of METRICS) out[metric] += value[metric];
  for (const metric of METRICS) out[metric] /= values.length;
  return out;
}

export type Difference = {
  /** Mean of (b − a) over the queries. */
  mean: number;
  /** Paired bootstrap 95 % interval of that mean (2.5th and 97.5th percentiles). */
  low: number;
  high: number;
  /** The interval excludes zero. */
  significant: boolean;
};

/**
 * Paired bootstrap of the mean difference b − a per metric: the same queries resampled with
 * replacement `resamples` times (a seeded generator, so a report is reproducible).
 */
export function pairedBootstrap(a: readonly MetricValues[], b: readonly MetricValues[], { resamples = 2000, seed = 7 } = {}): Record<Metric, Difference> {
  if (a.length !== b.length) throw new Error('paired bootstrap needs the same queries on both sides');
  const n = a.length;
  const out = {} as Record<Metric, Difference>;
  for (const metric of METRICS) {
    const deltas = Float64Array.from({ length: n }, (_, i) => b[i]![metric] - a[i]![metric]);
    const observed = n ? deltas.reduce((sum, d) => sum + d, 0) / n : 0;
    if (n === 0) {
      out[metric] = { mean: 0, low: 0, high: 0, significant: false };
      continue;
    }
    const random = seededRandom(seed + METRICS.indexOf(metric));
    const means = new Float64Array(resamples);
    for (let r = 0; r < resamples; r++) {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += deltas[Math.floor(random() * n)]!;
      means[r] = sum / n;
    }
    means.sort();
    const low = means[Math.floor(0.025 * (resamples - 1))]!;
    const high = means[Math.ceil(0.975 * (resamples - 1))]!;
    out[metric] = { mean: observed, low, high, significant: low > 0 || high < 0 };
  }
  return out;
}
