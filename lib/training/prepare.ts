import 'server-only';
import type { Sql } from 'postgres';
import { createBuiltinEmbedder, createStatisticsBuilder, serializeStatistics } from '@/lib/embeddings/builtin';
import type { Embedder } from '@/lib/embeddings/embedder';
import type { Vector } from '@/lib/embeddings/vector';
import { createBm25StatisticsBuilder, type Bm25Statistics } from '@/lib/evaluation/bm25';
import { embedQueries, topChunks, type PassageVectors, type QuerySet } from '@/lib/evaluation/evaluate';
import { chunkTexts, snapshotCorpus, type CorpusSnapshot } from './corpus';
import { loadTrainablePairs } from './dataset';
import type { TrainingData } from './local-trainer';
import { loadOrCreateSplit, type Split } from './split';
import { TRAINING } from './settings';

export type Stage = 'preparing' | 'mining' | 'training' | 'evaluating';

/** Everything a training needs, read and embedded once; rebuilt the same way on resume. */
export type Prepared = {
  snapshot: CorpusSnapshot;
  embedder: Embedder;
  /** What rebuilds the embedder's space (built-in: its corpus statistics). */
  spaceData: Buffer | null;
  bm25: Bm25Statistics;
  vectors: PassageVectors;
  data: TrainingData;
  test: QuerySet;
  /** The corpus's own test questions (added by people), whose chunk or document is still in the corpus. */
  questions: QuerySet;
  /** The same data as text (an external trainer embeds it itself): passages in pool order, and the queries. */
  texts: { passages: string[]; train: string[]; validation: string[] };
  counts: { train_chunks: number; validation_chunks: number; test_chunks: number; train_pairs: number; validation_queries: number; test_queries: number };
};

export type EmbedderChoice = { create: (statistics: ReturnType<ReturnType<typeof createStatisticsBuilder>['finish']> | null) => Promise<Embedder>; builtin: boolean };

export const builtinChoice: EmbedderChoice = { builtin: true, create: async (statistics) => createBuiltinEmbedder(statistics!) };

/** Passage vectors as the embedder makes them (the cache wraps this for providers that cost). */
export const embedPages = (embedder: Embedder): PassageVectors => async (page, signal) => {
  const out: Vector[] = [];
  for (let i = 0; i < page.texts.length; i += embedder.batchSize) out.push(...(await embedder.embed(page.texts.slice(i, i + embedder.batchSize), 'passage', signal)));
  return out;
};

export async function prepareTraining(
  sql: Sql,
  input: { corpusId: string; runId: string; lineage: string[]; seed: string; choice: EmbedderChoice; vectorsFor?: (embedder: Embedder) => PassageVectors; signal: AbortSignal; stage: (stage: Stage) => Promise<void> },
): Promise<Prepared> {
  const { signal } = input;
  await input.stage('preparing');
  const statistics = input.choice.builtin ? createStatisticsBuilder() : null;
  const bm25Builder = createBm25StatisticsBuilder();
  const snapshot = await snapshotCorpus(sql, input.corpusId, (texts) => {
    statistics?.add(texts);
    bm25Builder.add(texts);
  }, signal);
  const stats = statistics?.finish() ?? null;
  const embedder = await input.choice.create(stats);
  const vectors = (input.vectorsFor ?? embedPages)(embedder);

  const pairs = (await loadTrainablePairs(sql, input.lineage)).filter((pair) => snapshot.numberOf.has(pair.chunk_id));
  const split = await loadOrCreateSplit(sql, input.runId, input.seed, [...new Set(pairs.map((pair) => pair.chunk_id))]);
  const inSplit = (which: Split) => pairs.filter((pair) => split.get(pair.chunk_id) === which);
  const train = inSplit('train').slice(0, TRAINING.maxTrainPairs);
  const validation = inSplit('validation').slice(0, TRAINING.maxValidationQueries);
  const test = inSplit('test').slice(0, TRAINING.maxTestQueries);
  const chunksIn = (which: Split) => [...split.values()].filter((s) => s === which).length;
  const numberOf = (pair: { chunk_id: string }) => snapshot.numberOf.get(pair.chunk_id)!;

  await input.stage('mining');
  const trainQueries = await embedQueries(embedder, train.map((p) => p.question), signal);
  const validationQueries = await embedQueries(embedder, validation.map((p) => p.question), signal);
  // Hard negatives: the base embedder's best wrong chunks. Every training query is mined on a
  // sparse (built-in) space; a dense one mines a sample, as each query costs a pass over every vector.
  const mineTrain = embedder.sparse ? train.length : Math.min(train.length, TRAINING.maxMinedQueriesDense);
  const mined = await topChunks({ corpus: snapshot.corpus, queryVectors: [...validationQueries, ...trainQueries.slice(0, mineTrain)], k: TRAINING.minedPerQuery, vectors, signal });
  const isTest = (n: number) => split.get(snapshot.chunks[n]!.id) === 'test';
  // Neighbours in the same document overlap the positive (and may answer the question too): not negatives.
  const nearDuplicate = (n: number, positive: number) => {
    const a = snapshot.chunks[n]!;
    const b = snapshot.chunks[positive]!;
    return a.documentId === b.documentId && Math.abs(a.ordinal - b.ordinal) <= 1;
  };
  const negativesOf = (i: number, positive: number) =>
    i < mineTrain ? mined[validation.length + i]!.chunks.filter((n) => n !== positive && !isTest(n) && !nearDuplicate(n, positive)).slice(0, 10) : [];

  // The passages the trainer holds: training positives, their negatives, validation candidates.
  const poolOf = new Map<number, number>();
  const pool = (n: number) => {
    if (!poolOf.has(n)) poolOf.set(n, poolOf.size);
    return poolOf.get(n)!;
  };
  const examples = train.map((pair, i) => {
    const positive = numberOf(pair);
    return { query: trainQueries[i]!, positive: pool(positive), negatives: negativesOf(i, positive).map(pool) };
  });
  const validationSet = validation.map((pair, i) => {
    const positive = numberOf(pair);
    return { query: validationQueries[i]!, candidates: [...new Set([...mined[i]!.chunks, positive])].map(pool), relevant: new Set([pool(positive)]) };
  });
  const numbers = [...poolOf.keys()];
  const texts = await chunkTexts(sql, snapshot, numbers);
  const passages: Vector[] = [];
  for (let i = 0; i < numbers.length; i += 1_000) {
    const slice = numbers.slice(i, i + 1_000);
    passages.push(...(await vectors({ chunks: slice, texts: slice.map((n) => texts.get(n) ?? ''), hashes: slice.map((n) => snapshot.chunks[n]!.contentHash) }, signal)));
  }
  return {
    snapshot,
    embedder,
    spaceData: stats ? serializeStatistics(stats) : null,
    bm25: bm25Builder.finish(),
    vectors,
    data: { dim: embedder.space.dim, passages, train: examples, validation: validationSet },
    test: { texts: test.map((p) => p.question), relevant: test.map((p) => new Set([numberOf(p)])) },
    questions: await corpusQuestions(sql, input.corpusId, snapshot),
    texts: { passages: numbers.map((n) => texts.get(n) ?? ''), train: train.map((p) => p.question), validation: validation.map((p) => p.question) },
    counts: {
      train_chunks: chunksIn('train'),
      validation_chunks: chunksIn('validation'),
      test_chunks: chunksIn('test'),
      train_pairs: train.length,
      validation_queries: validation.length,
      test_queries: test.length,
    },
  };
}

/** A corpus's test questions as a query set: a chunk answers, or any chunk of a document. */
async function corpusQuestions(sql: Sql, corpusId: string, snapshot: CorpusSnapshot): Promise<QuerySet> {
  const rows = await sql<{ question: string; chunk_id: string | null; document_id: string | null }[]>`
    select question, chunk_id, document_id from public.test_questions where corpus_id = ${corpusId} order by id limit ${TRAINING.maxTestQueries}`;
  const byDocument = new Map<string, number[]>();
  snapshot.chunks.forEach((chunk, n) => byDocument.set(chunk.documentId, [...(byDocument.get(chunk.documentId) ?? []), n]));
  const kept = rows
    .map((row) => ({ question: row.question, relevant: new Set(row.chunk_id ? [snapshot.numberOf.get(row.chunk_id)].filter((n) => n !== undefined) : (byDocument.get(row.document_id!) ?? [])) }))
    .filter((q) => q.relevant.size > 0);
  return { texts: kept.map((q) => q.question), relevant: kept.map((q) => q.relevant as Set<number>) };
}
