import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { splitDocument } from '@/lib/corpus/split';
import { offlineQuestions } from '@/lib/llm/offline-generator';
import { applyAdapter, createAdapter, fromBytes, toBytes, type Adapter } from '@/lib/training/adapter';
import { trainingStep, type Example } from '@/lib/training/batches';
import { dot } from '@/lib/training/embedder';
import { evaluateRetrieval } from '@/lib/training/evaluate';
import { createOfflineEmbedder } from '@/lib/training/offline-embedder';
import { fnv1a } from '@/lib/training/random';

const embedder = createOfflineEmbedder();
const DEMO_DIR = path.resolve(import.meta.dirname, '../../lib/corpus/demo');

/** The demo corpus as the app seeds it, with offline questions, split 4:1 by a hash of the pair. */
async function demoData() {
  const chunks: string[] = [];
  for (const file of readdirSync(DEMO_DIR)) {
    const parts = await splitDocument(readFileSync(path.join(DEMO_DIR, file), 'utf8'), { chunkSize: 128, chunkOverlap: 16 });
    chunks.push(...parts.map((part) => part.content));
  }
  const candidates = await embedder.embed(chunks);
  const pairs = chunks.flatMap((chunk, target) => offlineQuestions(chunk, 3).map((question, k) => ({ question, target, id: `${target}/${k}` })));
  const toExamples = async (list: typeof pairs): Promise<Example[]> => {
    const vectors = await embedder.embed(list.map((pair) => pair.question));
    return list.map((pair, i) => ({ query: vectors[i]!, target: pair.target }));
  };
  const heldOut = (pair: { id: string }) => fnv1a(pair.id) % 5 === 0;
  return { candidates, train: await toExamples(pairs.filter((p) => !heldOut(p))), eval: await toExamples(pairs.filter(heldOut)) };
}

const copy = (adapter: Adapter): Adapter => ({
  dim: adapter.dim,
  steps: adapter.steps,
  weights: fromBytes(toBytes(adapter.weights), adapter.weights.length),
  m: fromBytes(toBytes(adapter.m), adapter.m.length),
  v: fromBytes(toBytes(adapter.v), adapter.v.length),
});

describe('retrieval adapter', () => {
  let data: Awaited<ReturnType<typeof demoData>>;
  beforeAll(async () => {
    data = await demoData();
  });

  it('embeds deterministically into unit vectors, closer for related text', async () => {
    const [a, b, c, again] = await embedder.embed(['Cancel stops a running run.', 'How do I cancel a run?', 'Postgres stores the data folder.', 'Cancel stops a running run.']);
    expect(Math.sqrt(dot(a!, a!))).toBeCloseTo(1, 5);
    expect(Array.from(again!)).toEqual(Array.from(a!));
    expect(dot(a!, b!)).toBeGreaterThan(dot(a!, c!));
  });

  it('starts as the identity: an untrained adapter changes no query', () => {
    const adapter = createAdapter(embedder.dim);
    const query = data.train[0]!.query;
    expect(Array.from(applyAdapter(adapter, query))).toEqual(Array.from(query));
  });

  it('improves retrieval of held-out questions on the demo corpus', async () => {
    const adapter = createAdapter(embedder.dim);
    const baseline = await evaluateRetrieval(data.eval, data.candidates);
    const first = trainingStep(adapter, data, 42);
    let last = first;
    for (let step = 1; step < 100; step++) last = trainingStep(adapter, data, 42);
    const adapted = await evaluateRetrieval(data.eval, data.candidates, adapter);
    expect(last).toBeLessThan(first);
    expect(adapted.mrr).toBeGreaterThan(baseline.mrr);
    expect(adapted.recall_at_1).toBeGreaterThan(baseline.recall_at_1);
  });

  it('resumes from a checkpoint exactly as if it had never stopped', () => {
    const straight = createAdapter(embedder.dim);
    for (let step = 0; step < 30; step++) trainingStep(straight, data, 7);
    const interrupted = createAdapter(embedder.dim);
    for (let step = 0; step < 12; step++) trainingStep(interrupted, data, 7);
    const resumed = copy(interrupted); // what the database keeps: weights, moments, step count
    for (let step = 12; step < 30; step++) trainingStep(resumed, data, 7);
    expect(resumed.steps).toBe(30);
    expect(toBytes(resumed.weights).equals(toBytes(straight.weights))).toBe(true);
  });

  it('refuses weights of the wrong size', () => {
    expect(() => fromBytes(new Uint8Array(12), 4)).toThrow(/Expected 16 bytes/);
  });
});
