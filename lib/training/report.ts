import type { AdapterForm } from './adapter';
import type { Difference, Metric, MetricValues } from '@/lib/evaluation/metrics';

/**
 * What a training reports (runs.metrics, version 2): how retrieval changed on held-out chunks
 * that training never saw, against the whole corpus, with a BM25 baseline and the 95 %
 * interval of every gain. Read by the API, the results card and the worker alike.
 */
export type ComparisonReport = {
  queries: number;
  base: MetricValues;
  adapted: MetricValues;
  bm25: MetricValues;
  gain: Record<Metric, Difference>;
  versus_bm25: Record<Metric, Difference>;
};

export type Verdict = 'improved' | 'not_significant' | 'worse' | 'no_improvement' | 'not_measured';

export type TrainingReport = {
  version: 2;
  embedder: { provider: 'builtin' | 'openai'; model: string; dim: number };
  trainer: 'local' | 'remote';
  corpus_chunks: number;
  split: { train_chunks: number; validation_chunks: number; test_chunks: number; train_pairs: number; validation_queries: number; test_queries: number };
  adapter: { form: AdapterForm; rank: number; parameters: number };
  validation: { identity: number; best: number; candidates: { form: AdapterForm; rank: number; validation: number; steps: number }[] };
  steps: number;
  hard_negatives: boolean;
  curve: { step: number; loss: number; validation: number }[];
  /** Held-out synthetic questions (pairs of test chunks). */
  test: ComparisonReport | null;
  /** The corpus's own questions (added by people), when it has some: reported first. */
  questions: ComparisonReport | null;
  verdict: Verdict;
};

/** The words of a verdict, from the gain in MRR@10 on the held-out test. */
export function verdictOf(improvedOnValidation: boolean, test: ComparisonReport | null): Verdict {
  if (!improvedOnValidation) return 'no_improvement';
  if (!test || test.queries === 0) return 'not_measured';
  const gain = test.gain.mrr_at_10;
  if (!gain.significant) return 'not_significant';
  return gain.mean > 0 ? 'improved' : 'worse';
}

export const isTrainingReport = (metrics: unknown): metrics is TrainingReport =>
  typeof metrics === 'object' && metrics !== null && (metrics as { version?: unknown }).version === 2;
