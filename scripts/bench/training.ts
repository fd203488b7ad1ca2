import { spawnSync } from 'node:child_process';
import { createBuiltinEmbedder, createStatisticsBuilder } from '@/lib/embeddings/builtin';
import { withEmbeddingCache } from '@/lib/embeddings/cache';
import { createOpenAIEmbedder } from '@/lib/embeddings/openai';
import { createBm25StatisticsBuilder } from '@/lib/evaluation/bm25';
import { compareRetrieval, embedQueries, topChunks } from '@/lib/evaluation/evaluate';
import { memoryCorpus } from '@/lib/evaluation/memory-corpus';
import { isTemplateQuestion, offlineQuestions } from '@/lib/llm/offline-generator';
import { initialState, outcomeOf, trainStep, type TrainingData } from '@/lib/training/local-trainer';
import { fnv1a } from '@/lib/training/random';
import { TRAINING } from '@/lib/training/settings';
import { demoCorpus } from '../../tests/support/demo-corpus';
import { startFakeOpenAI } from '../../tests/support/fake-openai';
import { tempDir } from '../../tests/support/tmp';
import { benchDatabase } from './engine-setup';
import { WORKER_NODE_ARGS } from '../worker-args';
import type { Row } from './measure';
import { denseTrainingData } from './training-data';

const points = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)}`;
const ci = (d: { mean: number; low: number; high: number }) => `${points(d.mean)} pts (95 % CI ${points(d.low)} to ${points(d.high)})`;

/** Plain D × D matrix-vector products: what a full W adapter costs per query at the least. */
function matvecFloor(dim: number, products: number): number {
  const w = new Float32Array(dim * dim).fill(0.001);
  const x = new Float32Array(dim).fill(1);
  const y = new Float32Array(dim);
  const started = performance.now();
  for (let p = 0; p < products; p++) {
    for (let r = 0; r < dim; r++) {
      let sum = 0;
      const row = r * dim;
      for (let c = 0; c < dim; c++) sum += w[row + c]! * x[c]!;
      y[r] = sum;
    }
  }
  return performance.now() - started;
}

async function trainingSpeed(dim: number): Promise<Row> {
  const data = denseTrainingData(10_000, dim);
  const state = initialState(data, 7, { epochs: 1 });
  const started = performance.now();
  while (trainStep(state, data, 7));
  const ms = performance.now() - started;
  const steps = outcomeOf(state, dim).steps;
  const floor = matvecFloor(dim, steps * TRAINING.batchSize);
  return {
    budget: `Training: 10,000 pairs at dim ${dim} (≤ 3× plain matrix-vector products)`,
    measured: `${(ms / 1000).toFixed(1)} s (${steps} steps of ${TRAINING.batchSize})`,
    floor: `${(floor / 1000).toFixed(1)} s: ${steps * TRAINING.batchSize} products of a ${dim} × ${dim} matrix`,
    ratio: `${(ms / floor).toFixed(2)}×`,
    note: 'both adapter forms, validation included; dense synthetic vectors',
  };
}

function evaluationAt100k(): Row {
  // With a worker's own flags (its bounded heap): what `npm run worker` would use.
  const child = spawnSync(process.execPath, [...WORKER_NODE_ARGS.slice(0, -1), 'scripts/bench/training-eval-child.ts', '100000'], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (child.status !== 0) throw new Error(`evaluation bench failed: ${child.stderr}`);
  const { ms, rss, queries } = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as { ms: number; rss: number; queries: number };
  return {
    budget: 'Evaluation: 1,000 queries × 100,000 chunks, streamed (worker < 300 MB)',
    measured: `${(ms / 1000).toFixed(1)} s, ${rss.toFixed(0)} MB peak`,
    floor: '300 MB budget',
    ratio: `${((rss / 300) * 100).toFixed(0)} %`,
    note: `${queries} queries, built-in embedder and BM25, pages of 1,000 generated on the fly (process VmHWM)`,
  };
}

async function cachePath(): Promise<Row> {
  const tmp = await tempDir('recall-bench-cache-');
  const { db, sql } = await benchDatabase(tmp.dir);
  const fake = await startFakeOpenAI();
  try {
    const embedder = withEmbeddingCache(sql, await createOpenAIEmbedder({ baseURL: fake.url, model: 'fake-embed', dimensions: 256 }));
    const texts = Array.from({ length: 4_000 }, (_, i) => `passage ${i} about runs, workers and chunks`);
    const page = async () => {
      const started = performance.now();
      for (let i = 0; i < texts.length; i += 500) await embedder.embed(texts.slice(i, i + 500), 'passage');
      return performance.now() - started;
    };
    const miss = await page();
    const hit = await page();
    return {
      budget: 'Embedding cache: 4,000 passages read back vs embedded (fake provider answering at once)',
      measured: `hit ${hit.toFixed(0)} ms`,
      floor: `miss ${miss.toFixed(0)} ms (provider + write)`,
      ratio: `${(hit / miss).toFixed(2)}×`,
      note: `dim 256; ${embedder.stats.hits} hits, ${embedder.stats.misses} misses; a real provider answers in 100s of ms per batch`,
    };
  } finally {
    await fake.close();
    await sql.end();
    await db.stop();
    await tmp.remove();
  }
}

/** The demo corpus, trained as the app trains it, measured on held-out chunks and on its hand-written questions. */
async function demoGain(): Promise<Row[]> {
  const { texts, documents, questions, relevant } = await demoCorpus();
  const split = (i: number) => {
    const x = (fnv1a(`bench:${texts[i]}`) % 10_000) / 10_000;
    return x < TRAINING.testShare ? 'test' : x < TRAINING.testShare + TRAINING.validationShare ? 'validation' : 'train';
  };
  const pairs = texts.flatMap((text, chunk) => offlineQuestions(text, 3).map((question) => ({ question, chunk })));
  const stats = createStatisticsBuilder();
  stats.add(texts);
  const bm25Builder = createBm25StatisticsBuilder();
  bm25Builder.add(texts);
  const bm25 = bm25Builder.finish();
  const embedder = createBuiltinEmbedder(stats.finish());
  const corpus = memoryCorpus(texts);
  const vectors = (page: { texts: readonly string[] }) => embedder.embed(page.texts, 'passage');
  const passages = await embedder.embed(texts, 'passage');
  const of = (s: string) => pairs.filter((p) => split(p.chunk) === s);
  const [train, validation, test] = [of('train'), of('validation'), of('test')];
  const trainQ = await embedQueries(embedder, train.map((p) => p.question));
  const validationQ = await embedQueries(embedder, validation.map((p) => p.question));
  const mined = await topChunks({ corpus, queryVectors: [...trainQ, ...validationQ], k: TRAINING.minedPerQuery, vectors });
  const near = (a: number, b: number) => documents[a] === documents[b] && Math.abs(a - b) <= 1;
  const data = (hard: boolean): TrainingData => ({
    dim: embedder.space.dim,
    passages,
    train: train.map((p, i) => ({ query: trainQ[i]!, positive: p.chunk, negatives: hard ? mined[i]!.chunks.filter((c) => c !== p.chunk && !near(c, p.chunk) && split(c) !== 'test').slice(0, 10) : [] })),
    validation: validation.map((p, i) => ({ query: validationQ[i]!, candidates: [...new Set([...mined[train.length + i]!.chunks, p.chunk])], relevant: new Set([p.chunk]) })),
  });
  const measure = async (hard: boolean) => {
    const d = data(hard);
    const state = initialState(d, 1234, { epochs: TRAINING.epochs });
    while (trainStep(state, d, 1234));
    const outcome = outcomeOf(state, d.dim);
    const on = async (texts_: string[], rel: Set<number>[]) =>
      compareRetrieval({ corpus, queries: { texts: texts_, relevant: rel }, queryVectors: await embedQueries(embedder, texts_), adapter: outcome.adapter, bm25, vectors });
    return { outcome, test: await on(test.map((p) => p.question), test.map((p) => new Set([p.chunk]))), human: await on(questions.map((q) => q.question), relevant) };
  };
  const hard = await measure(true);
  const inBatch = await measure(false);
  const mrr = (r: { base: { mrr_at_10: number }; adapted: { mrr_at_10: number }; bm25: { mrr_at_10: number } }) =>
    `MRR@10 ${r.base.mrr_at_10.toFixed(3)} → ${r.adapted.mrr_at_10.toFixed(3)} (BM25 ${r.bm25.mrr_at_10.toFixed(3)})`;
  return [
    {
      budget: `Demo corpus: held-out generated questions (${hard.test.queries}, of test chunks)`,
      measured: mrr(hard.test),
      floor: 'the embedder alone (same queries)',
      ratio: ci(hard.test.gain.mrr_at_10),
      note: `${hard.test.gain.mrr_at_10.significant ? 'significant' : 'not significant'}; adapter ${hard.outcome.adapter.form}${hard.outcome.adapter.rank ? ` rank ${hard.outcome.adapter.rank}` : ''}, chosen on validation`,
    },
    {
      budget: `Demo corpus: its ${hard.human.queries} hand-written questions`,
      measured: mrr(hard.human),
      floor: 'the embedder alone (same queries)',
      ratio: ci(hard.human.gain.mrr_at_10),
      note: `${hard.human.gain.mrr_at_10.significant ? 'significant' : 'not significant'}; hit@1 ${(hard.human.base.hit_at_1 * 100).toFixed(1)} % → ${(hard.human.adapted.hit_at_1 * 100).toFixed(1)} %, BM25 ${(hard.human.bm25.hit_at_1 * 100).toFixed(1)} %`,
    },
    {
      budget: 'Hard negatives vs in-batch only (demo, held-out generated questions)',
      measured: `hard: ${ci(hard.test.gain.mrr_at_10)}`,
      floor: `in-batch only: ${ci(inBatch.test.gain.mrr_at_10)}`,
      ratio: `${points(hard.test.adapted.mrr_at_10 - inBatch.test.adapted.mrr_at_10)} pts`,
      note: `validation MRR@10 hard ${hard.outcome.bestScore.toFixed(3)}, in-batch ${inBatch.outcome.bestScore.toFixed(3)} (none: ${hard.outcome.identityScore.toFixed(3)}); human questions: hard ${ci(hard.human.gain.mrr_at_10)}, in-batch ${ci(inBatch.human.gain.mrr_at_10)}`,
    },
  ];
}

/** How many offline questions are topic templates ("What details are given about X?") rather than questions from the chunk's own sentences and facts. */
async function templateShare(): Promise<Row> {
  const { texts } = await demoCorpus();
  const questions = texts.flatMap((text) => offlineQuestions(text, 3));
  const facts = /^(How many|How large|How long|When (was|were|did)|Who )/;
  const share = questions.filter(isTemplateQuestion).length / questions.length;
  const factCount = questions.filter((q) => facts.test(q)).length;
  return {
    budget: 'Offline generator: topic-template share of its questions (demo corpus)',
    measured: `${(share * 100).toFixed(1)} % of ${questions.length}`,
    floor: 'the rest: from headings, definitions, conditions, modals, facts',
    ratio: `${factCount} fact question${factCount === 1 ? '' : 's'}`,
    note: 'templates fill in only where a chunk offers no sentence to ask about (code, lists, short lines)',
  };
}

export async function benchTraining(): Promise<Row[]> {
  const rows: Row[] = [];
  rows.push(await trainingSpeed(256));
  rows.push(await trainingSpeed(1536));
  rows.push(evaluationAt100k());
  rows.push(await cachePath());
  rows.push(...(await demoGain()));
  rows.push(await templateShare());
  return rows;
}
