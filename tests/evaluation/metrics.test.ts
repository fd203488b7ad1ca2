import { describe, expect, it } from 'vitest';
import { bm25Idf, bm25Weight, createBm25StatisticsBuilder } from '@/lib/evaluation/bm25';
import { mean, pairedBootstrap, queryMetrics, type MetricValues } from '@/lib/evaluation/metrics';
import { RankCollector, TopK } from '@/lib/evaluation/ranks';
import { bm25Scorer } from '@/lib/evaluation/scorers';

describe('retrieval metrics on hand-computed cases', () => {
  it('hit@k, MRR@10 and nDCG@10 of one relevant chunk', () => {
    expect(queryMetrics([1], 1)).toEqual({ hit_at_1: 1, hit_at_5: 1, hit_at_10: 1, mrr_at_10: 1, ndcg_at_10: 1 });
    const third = queryMetrics([3], 1);
    expect(third).toMatchObject({ hit_at_1: 0, hit_at_5: 1, hit_at_10: 1 });
    expect(third.mrr_at_10).toBeCloseTo(1 / 3, 12);
    expect(third.ndcg_at_10).toBeCloseTo(1 / Math.log2(4), 12); // 0.5
    const seventh = queryMetrics([7], 1);
    expect(seventh).toMatchObject({ hit_at_5: 0, hit_at_10: 1 });
    expect(seventh.ndcg_at_10).toBeCloseTo(1 / 3, 12); // 1 / log2(8)
    expect(queryMetrics([], 1)).toEqual({ hit_at_1: 0, hit_at_5: 0, hit_at_10: 0, mrr_at_10: 0, ndcg_at_10: 0 });
    expect(queryMetrics([11], 1).hit_at_10).toBe(0);
  });

  it('nDCG@10 with several relevant chunks is DCG over the ideal DCG', () => {
    // Relevant at 2 and 4 of 2 relevant: (1/log2 3 + 1/log2 5) / (1 + 1/log2 3)
    const expected = (1 / Math.log2(3) + 1 / Math.log2(5)) / (1 + 1 / Math.log2(3));
    expect(queryMetrics([4, 2], 2).ndcg_at_10).toBeCloseTo(expected, 12);
    expect(queryMetrics([4, 2], 2).mrr_at_10).toBe(0.5);
  });

  it('averages per query', () => {
    expect(mean([queryMetrics([1], 1), queryMetrics([], 1)])).toMatchObject({ hit_at_1: 0.5, mrr_at_10: 0.5 });
  });
});

describe('ranks over a streamed corpus', () => {
  it('ranks a relevant chunk below every non-relevant one with the same score (no tie credit)', () => {
    const ranks = new RankCollector(new Set([5]));
    for (const [chunk, score] of [[1, 0.9], [2, 0.5], [3, 0.5], [5, 0.5], [4, 0.1]] as const) ranks.visit(chunk, score);
    expect(ranks.ranks(5)).toEqual([4]);
  });

  it('counts chunks a sparse scorer never visited as zero-scored, above a relevant chunk scoring zero', () => {
    const found = new RankCollector(new Set([9]));
    found.visit(1, 2);
    found.visit(9, 1);
    expect(found.ranks(1000)).toEqual([2]);
    const missed = new RankCollector(new Set([9]));
    missed.visit(1, 2);
    expect(missed.ranks(1000)).toEqual([]);
    // In a corpus of three, an unvisited relevant chunk is third: after the visited one and the other zero.
    expect(missed.ranks(3)).toEqual([3]);
    const negative = new RankCollector(new Set([9]));
    negative.visit(9, -0.5);
    expect(negative.ranks(4)).toEqual([4]);
  });

  it('keeps only ten scores however large the corpus', () => {
    const ranks = new RankCollector(new Set([0]));
    for (let c = 1; c <= 10_000; c++) ranks.visit(c, c % 97);
    ranks.visit(0, 95.5);
    // About 103 chunks score 96: more than ten above it.
    expect(ranks.ranks(10_001)).toEqual([]);
    const top = new TopK(3);
    for (const [c, s] of [[1, 1], [2, 3], [3, 2], [4, 3], [5, 0]] as const) top.visit(c, s);
    expect(top.chunks).toEqual([2, 4, 3]);
  });
});

describe('paired bootstrap', () => {
  const run = (values: number[]): MetricValues[] => values.map((v) => ({ hit_at_1: v, hit_at_5: v, hit_at_10: v, mrr_at_10: v, ndcg_at_10: v }));

  it('gives a zero-width interval when nothing changed, and no significance', () => {
    const same = run([1, 0, 1, 1, 0]);
    expect(pairedBootstrap(same, same).hit_at_1).toEqual({ mean: 0, low: 0, high: 0, significant: false });
  });

  it('finds a consistent gain significant, and a coin flip not', () => {
    const base = run(Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? 1 : 0)));
    const better = run(Array.from({ length: 200 }, (_, i) => (i % 2 === 0 || i % 3 === 0 ? 1 : 0)));
    const gain = pairedBootstrap(base, better).hit_at_1;
    // Odd multiples of 3 below 200 gain a hit: 33 of 200 queries.
    expect(gain.mean).toBeCloseTo(33 / 200, 10);
    expect(gain.low).toBeGreaterThan(0);
    expect(gain.significant).toBe(true);
    const noisy = run(Array.from({ length: 40 }, (_, i) => (i % 4 === 0 ? 1 : 0)));
    const shuffled = run(Array.from({ length: 40 }, (_, i) => (i % 4 === 1 ? 1 : 0)));
    const flip = pairedBootstrap(noisy, shuffled).hit_at_1;
    expect(flip.mean).toBe(0);
    expect(flip.low).toBeLessThan(0);
    expect(flip.high).toBeGreaterThan(0);
    expect(flip.significant).toBe(false);
  });

  it('is reproducible', () => {
    const a = run([1, 0, 0, 1, 1, 0, 1]);
    const b = run([1, 1, 0, 1, 0, 1, 1]);
    expect(pairedBootstrap(a, b)).toEqual(pairedBootstrap(a, b));
  });
});

describe('BM25', () => {
  it('scores as the textbook formula does', () => {
    const stats = createBm25StatisticsBuilder();
    stats.add(['cancel a run', 'proceed a failed run run', 'the worker heartbeat']);
    const s = stats.finish();
    expect(s).toMatchObject({ documents: 3, averageLength: 11 / 3 });
    // "run" is in 2 of 3 passages.
    expect(bm25Idf(s, 'run')).toBeCloseTo(Math.log(1 + (3 - 2 + 0.5) / (2 + 0.5)), 12);
    // In "proceed a failed run run": tf 2, length 5.
    const norm = 1 - 0.75 + 0.75 * (5 / (11 / 3));
    expect(bm25Weight(s, 'run', 2, 5)).toBeCloseTo(bm25Idf(s, 'run') * ((2 * 2.2) / (2 + 1.2 * norm)), 12);
    const scores: [number, number, number][] = [];
    bm25Scorer(['failed run'], s).scorePage({ chunks: [0, 1, 2], texts: ['cancel a run', 'proceed a failed run run', 'the worker heartbeat'] }, (q, c, score) => scores.push([q, c, score]));
    expect(scores.map(([, c]) => c)).toEqual([0, 1]);
    expect(scores[1]![2]).toBeGreaterThan(scores[0]![2]);
  });
});
