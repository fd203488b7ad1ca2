import type { Embedder } from '@/lib/embeddings/embedder';
import type { Vector } from '@/lib/embeddings/vector';
import type { Adapter } from '@/lib/training/adapter';
import type { Bm25Statistics } from './bm25';
import { mean, pairedBootstrap, queryMetrics, type Difference, type Metric, type MetricValues } from './metrics';
import { RankCollector, TopK } from './ranks';
import { bm25Scorer, embeddingScorer, type Page, type Scorer } from './scorers';

/**
 * Retrieval measured as a user's search would meet it: every query against every chunk of
 * the corpus, streamed a page at a time (memory holds a page and ten scores per query).
 */
export type CorpusPages = { size: number; pages(signal?: AbortSignal): AsyncIterable<Page> };
/** Passage vectors for a page (from the embedding cache, or embedded now). */
export type PassageVectors = (page: Page, signal?: AbortSignal) => Promise<Vector[]>;

export type QuerySet = { texts: string[]; relevant: Set<number>[] };

export async function embedQueries(embedder: Embedder, texts: readonly string[], signal?: AbortSignal): Promise<Vector[]> {
  const out: Vector[] = [];
  for (let i = 0; i < texts.length; i += embedder.batchSize) {
    out.push(...(await embedder.embed(texts.slice(i, i + embedder.batchSize), 'query', signal)));
    await yieldToEventLoop();
  }
  return out;
}

/** Streams the corpus once past every scorer; `needsVectors` says whether passages must be embedded. */
export async function streamCorpus(corpus: CorpusPages, scorers: { scorer: Scorer; visit: (query: number, chunk: number, score: number) => void }[], vectors: PassageVectors | null, signal?: AbortSignal) {
  for await (const page of corpus.pages(signal)) {
    signal?.throwIfAborted();
    const withVectors = vectors ? { ...page, vectors: await vectors(page, signal) } : page;
    for (const { scorer, visit } of scorers) scorer.scorePage(withVectors, visit);
    await yieldToEventLoop();
  }
}

export type SystemResult = { metrics: MetricValues; perQuery: MetricValues[] };
export type Comparison = {
  queries: number;
  base: MetricValues;
  adapted: MetricValues;
  bm25: MetricValues;
  /** adapted − base, with its paired bootstrap 95 % interval. */
  gain: Record<Metric, Difference>;
  /** bm25 − base: how the embedding compares with a lexical search. */
  versusBm25: Record<Metric, Difference>;
};

/**
 * Base embedding, adapted embedding and BM25, each over the whole corpus, for one or more
 * sets of queries (held-out generated questions, a corpus's own questions): one pass over the
 * corpus, a comparison per set.
 */
export async function compareRetrievalSets(options: {
  corpus: CorpusPages;
  sets: readonly { queries: QuerySet; queryVectors: readonly Vector[] }[];
  adapter: Adapter | null;
  bm25: Bm25Statistics;
  vectors: PassageVectors;
  signal?: AbortSignal;
}): Promise<Comparison[]> {
  const texts = options.sets.flatMap((set) => set.queries.texts);
  const relevant = options.sets.flatMap((set) => set.queries.relevant);
  const queryVectors = options.sets.flatMap((set) => [...set.queryVectors]);
  const collectors = { base: relevant.map((r) => new RankCollector(r)), adapted: relevant.map((r) => new RankCollector(r)), bm25: relevant.map((r) => new RankCollector(r)) };
  const identity = !options.adapter || options.adapter.form === 'identity';
  const scorers = [
    { scorer: embeddingScorer(queryVectors), visit: (q: number, c: number, s: number) => collectors.base[q]!.visit(c, s) },
    ...(identity ? [] : [{ scorer: embeddingScorer(queryVectors, options.adapter), visit: (q: number, c: number, s: number) => collectors.adapted[q]!.visit(c, s) }]),
    { scorer: bm25Scorer(texts, options.bm25), visit: (q: number, c: number, s: number) => collectors.bm25[q]!.visit(c, s) },
  ];
  if (texts.length > 0) await streamCorpus(options.corpus, scorers, options.vectors, options.signal);
  const perQuery = (list: RankCollector[]) => list.map((collector, q) => queryMetrics(collector.ranks(options.corpus.size), relevant[q]!.size));
  const base = perQuery(collectors.base);
  const adapted = identity ? base : perQuery(collectors.adapted);
  const bm25 = perQuery(collectors.bm25);
  let start = 0;
  return options.sets.map((set) => {
    const end = start + set.queries.texts.length;
    const [b, a, m] = [base.slice(start, end), adapted.slice(start, end), bm25.slice(start, end)];
    start = end;
    return { queries: b.length, base: mean(b), adapted: mean(a), bm25: mean(m), gain: pairedBootstrap(b, a), versusBm25: pairedBootstrap(b, m) };
  });
}

/** Base embedding, adapted embedding and BM25, each over the whole corpus, for one set of queries. */
export async function compareRetrieval(options: {
  corpus: CorpusPages;
  queries: QuerySet;
  queryVectors: readonly Vector[];
  adapter: Adapter | null;
  bm25: Bm25Statistics;
  vectors: PassageVectors;
  signal?: AbortSignal;
}): Promise<Comparison> {
  const [comparison] = await compareRetrievalSets({ ...options, sets: [{ queries: options.queries, queryVectors: options.queryVectors }] });
  return comparison!;
}

/** The base embedding's k best chunks for each query (hard negatives, validation candidates). */
export async function topChunks(options: { corpus: CorpusPages; queryVectors: readonly Vector[]; k: number; vectors: PassageVectors; signal?: AbortSignal }): Promise<TopK[]> {
  const tops = options.queryVectors.map(() => new TopK(options.k));
  await streamCorpus(options.corpus, [{ scorer: embeddingScorer(options.queryVectors), visit: (q, c, s) => tops[q]!.visit(c, s) }], options.vectors, options.signal);
  return tops;
}

export const yieldToEventLoop = () => new Promise((resolve) => setImmediate(resolve));
