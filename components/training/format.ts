import type { Difference, Metric } from '@/lib/evaluation/metrics';

export const METRIC_LABELS: Record<Metric, string> = {
  hit_at_1: 'Hit@1',
  hit_at_5: 'Hit@5',
  hit_at_10: 'Hit@10',
  mrr_at_10: 'MRR@10',
  ndcg_at_10: 'nDCG@10',
};

/** Hit rates are shares of questions (percentages); MRR and nDCG are means up to 1. */
export const isRate = (metric: Metric) => metric.startsWith('hit_');

export const formatMetric = (metric: Metric, value: number) => (isRate(metric) ? `${(value * 100).toFixed(1)}%` : value.toFixed(3));

const signed = (value: number, digits: number, scale: number) => `${value >= 0 ? '+' : '−'}${Math.abs(value * scale).toFixed(digits)}`;

/** A change with its interval: "+3.9 pts (95 % CI +1.6 to +6.3)". */
export function formatDifference(metric: Metric, difference: Difference): string {
  const rate = isRate(metric);
  const show = (value: number) => (rate ? signed(value, 1, 100) : signed(value, 3, 1));
  return `${show(difference.mean)}${rate ? ' pts' : ''} (95 % CI ${show(difference.low)} to ${show(difference.high)})`;
}
