import { beforeAll, describe, expect, it } from 'vitest';
import { createBuiltinEmbedder, createStatisticsBuilder, deserializeStatistics, serializeStatistics } from '@/lib/embeddings/builtin';
import { dot, isSparse, type Vector } from '@/lib/embeddings/vector';
import { createBm25StatisticsBuilder } from '@/lib/evaluation/bm25';
import { compareRetrieval, embedQueries, topChunks } from '@/lib/evaluation/evaluate';
import { memoryCorpus } from '@/lib/evaluation/memory-corpus';
import { offlineQuestions } from '@/lib/llm/offline-generator';
import { adaptDense, adaptQuery, createAdapter, identityAdapter, weightRows, type Adapter } from '@/lib/training/adapter';
import { decodeState, encodeState } from '@/lib/training/checkpoint';
import { initialState, outcomeOf, trainStep, type TrainingData } from '@/lib/training/local-trainer';
import { batchLossAndGradient } from '@/lib/training/objective';
import { fnv1a, seededRandom } from '@/lib/training/random';
import { demoCorpus } from '../support/demo-corpus';

describe('the built-in embedder', () => {
  it('is deterministic and sparse, and scores related text higher', async () => {
    const passages = ['Cancel stops a running run within a second.', 'Postgres keeps the data folder.', 'Proceed resumes a failed run.'];
    const stats = createStatisticsBuilder(4096);
    stats.add(passages);
    const embedder = createBuiltinEmbedder(stats.finish());
    const [a, again] = await embedder.embed(['Cancel stops a running run within a second.', 'Cancel stops a running run within a second.'], 'passage');
    expect(isSparse(a!)).toBe(true);
    expect(Array.from((a as { values: Float32Array }).values)).toEqual(Array.from((again as { values: Float32Array }).values));
    const [query] = await embedder.embed(['how do I cancel a run'], 'query');
    const vectors = await embedder.embed(passages, 'passage');
    expect(dot(query!, vectors[0]!)).toBeGreaterThan(dot(query!, vectors[1]!));
    // Its space is named by its statistics: a changed corpus is another space.
    const round = deserializeStatistics(serializeStatistics(stats.finish()));
    expect(createBuiltinEmbedder(round).space.key).toBe(embedder.space.key);
    stats.add(['One more passage.']);
    expect(createBuiltinEmbedder(stats.finish()).space.key).not.toBe(embedder.space.key);
  });

  it('ranks the demo corpus’s hand-written questions about as well as BM25 does', async () => {
    const { texts, questions, relevant } = await demoCorpus();
    const stats = createStatisticsBuilder();
    stats.add(texts);
    const bm25 = createBm25StatisticsBuilder();
    bm25.add(texts);
    const embedder = createBuiltinEmbedder(stats.finish());
    const queries = questions.map((q) => q.question);
    const result = await compareRetrieval({
      corpus: memoryCorpus(texts),
      queries: { texts: queries, relevant },
      queryVectors: await embedQueries(embedder, queries),
      adapter: null,
      bm25: bm25.finish(),
      vectors: (page) => embedder.embed(page.texts, 'passage'),
    });
    expect(result.queries).toBe(questions.length);
    // Within two points of MRR@10, and the interval of the difference includes zero.
    expect(Math.abs(result.base.mrr_at_10 - result.bm25.mrr_at_10)).toBeLessThan(0.02);
    expect(result.versusBm25.mrr_at_10.significant).toBe(false);
  });
});

describe('the adapter', () => {
  const dim = 6;
  const random = seededRandom(3);
  const dense = () => Float32Array.from({ length: dim }, () => random() * 2 - 1);

  it('starts as the identity, and exports W = diag(a) + U Vᵀ', () => {
    const adapter = createAdapter('diagonal_low_rank', dim, 2, seededRandom(1));
    const q = dense();
    expect(Array.from(adaptDense(adapter, q))).toEqual(Array.from(q));
    for (let i = 0; i < adapter.params.length; i++) adapter.params[i] = random() - 0.5;
    const w = [...weightRows(adapter)];
    const adapted = adaptDense(adapter, q);
    for (let r = 0; r < dim; r++) expect(adapted[r]).toBeCloseTo(q[r]! + w[r]!.reduce((sum, x, c) => sum + x * q[c]!, 0), 5);
    expect(Array.from(adaptQuery(identityAdapter(dim), q).diagonal as Float32Array)).toEqual(Array.from(q));
  });

  it('has the gradient that finite differences measure', () => {
    const adapter = createAdapter('diagonal_low_rank', dim, 2, seededRandom(2));
    for (let i = 0; i < adapter.params.length; i++) adapter.params[i] = (random() - 0.5) * 0.4;
    const passages: Vector[] = Array.from({ length: 5 }, dense);
    const batch = [
      { query: dense(), positive: 0, negatives: [3] },
      { query: dense(), positive: 1, negatives: [4, 2] },
    ];
    const grad = new Float32Array(adapter.params.length);
    batchLossAndGradient(adapter, passages, batch, 0.5, grad);
    const loss = (a: Adapter) => batchLossAndGradient(a, passages, batch, 0.5, new Float32Array(a.params.length));
    for (let k = 0; k < adapter.params.length; k++) {
      const plus = { ...adapter, params: Float32Array.from(adapter.params) };
      const minus = { ...adapter, params: Float32Array.from(adapter.params) };
      plus.params[k]! += 1e-3;
      minus.params[k]! -= 1e-3;
      expect(grad[k]).toBeCloseTo((loss(plus) - loss(minus)) / 2e-3, 2);
    }
  });
});

describe('training on the demo corpus, held out by chunk', () => {
  let setup: Awaited<ReturnType<typeof prepare>>;
  async function prepare() {
    const { texts, documents } = await demoCorpus();
    const split = (i: number) => {
      const x = fnv1a(`demo:${texts[i]}`) % 100;
      return x < 20 ? 'test' : x < 30 ? 'validation' : 'train';
    };
    const pairs = texts.flatMap((text, chunk) => offlineQuestions(text, 3).map((question) => ({ question, chunk })));
    const stats = createStatisticsBuilder();
    stats.add(texts);
    const bm25 = createBm25StatisticsBuilder();
    bm25.add(texts);
    const embedder = createBuiltinEmbedder(stats.finish());
    const corpus = memoryCorpus(texts);
    const vectors = (page: { texts: readonly string[] }) => embedder.embed(page.texts, 'passage');
    const passages = await embedder.embed(texts, 'passage');
    const of = (s: string) => pairs.filter((p) => split(p.chunk) === s);
    const [train, validation, test] = [of('train'), of('validation'), of('test')];
    const trainQ = await embedQueries(embedder, train.map((p) => p.question));
    const validationQ = await embedQueries(embedder, validation.map((p) => p.question));
    const mined = await topChunks({ corpus, queryVectors: [...trainQ, ...validationQ], k: 30, vectors });
    const near = (a: number, b: number) => documents[a] === documents[b] && Math.abs(a - b) <= 1;
    const data: TrainingData = {
      dim: embedder.space.dim,
      passages,
      train: train.map((p, i) => ({ query: trainQ[i]!, positive: p.chunk, negatives: mined[i]!.chunks.filter((c) => c !== p.chunk && !near(c, p.chunk) && split(c) !== 'test').slice(0, 10) })),
      validation: validation.map((p, i) => ({ query: validationQ[i]!, candidates: [...new Set([...mined[train.length + i]!.chunks, p.chunk])], relevant: new Set([p.chunk]) })),
    };
    return { data, corpus, bm25: bm25.finish(), embedder, vectors, test, split, train };
  }
  beforeAll(async () => {
    setup = await prepare();
  });

  it('never trains on a test chunk', () => {
    const { data, test, split } = setup;
    expect(test.length).toBeGreaterThan(50);
    const testChunks = new Set(test.map((p) => p.chunk));
    for (const example of data.train) {
      expect(testChunks.has(example.positive)).toBe(false);
      for (const negative of example.negatives) expect(split(negative)).not.toBe('test');
    }
  });

  it('improves held-out retrieval significantly, chosen on validation', async () => {
    const { data, corpus, bm25, embedder, vectors, test } = setup;
    const state = initialState(data, 1234, { epochs: 6 });
    while (trainStep(state, data, 1234));
    const outcome = outcomeOf(state, data.dim);
    expect(outcome.improved).toBe(true);
    expect(outcome.bestScore).toBeGreaterThan(outcome.identityScore);
    const queries = test.map((p) => p.question);
    const result = await compareRetrieval({ corpus, queries: { texts: queries, relevant: test.map((p) => new Set([p.chunk])) }, queryVectors: await embedQueries(embedder, queries), adapter: outcome.adapter, bm25, vectors });
    expect(result.gain.mrr_at_10.mean).toBeGreaterThan(0);
    expect(result.gain.mrr_at_10.significant).toBe(true);
  });

  it('resumes from a checkpoint exactly as if it had never stopped', () => {
    const { data } = setup;
    const straight = initialState(data, 99, { epochs: 1 });
    for (let i = 0; i < 30; i++) trainStep(straight, data, 99);
    const interrupted = initialState(data, 99, { epochs: 1 });
    for (let i = 0; i < 12; i++) trainStep(interrupted, data, 99);
    const resumed = decodeState(encodeState(interrupted)); // what the database keeps
    for (let i = 12; i < 30; i++) trainStep(resumed, data, 99);
    expect(Buffer.from(resumed.adapter.params.buffer).equals(Buffer.from(straight.adapter.params.buffer))).toBe(true);
    expect(resumed.curve).toEqual(straight.curve);
    expect(encodeState(resumed).equals(encodeState(straight))).toBe(true);
  });
});
