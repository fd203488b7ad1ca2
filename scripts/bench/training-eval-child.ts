// A training worker's evaluation of 1,000 queries against a 100,000-chunk corpus, streamed:
// run in its own process so its peak memory (VmHWM) is its own. Prints one JSON line.
import { readFileSync } from 'node:fs';
import { createBuiltinEmbedder, createStatisticsBuilder } from '@/lib/embeddings/builtin';
import { createBm25StatisticsBuilder } from '@/lib/evaluation/bm25';
import { compareRetrieval, embedQueries } from '@/lib/evaluation/evaluate';
import { syntheticCorpus, syntheticPassage } from './training-data';

const size = Number(process.argv[2] ?? 100_000);
const corpus = syntheticCorpus(size);
const stats = createStatisticsBuilder();
const bm25 = createBm25StatisticsBuilder();
for await (const page of corpus.pages()) {
  stats.add(page.texts);
  bm25.add(page.texts);
}
const embedder = createBuiltinEmbedder(stats.finish());
const queries = Array.from({ length: 1_000 }, (_, i) => ({ text: syntheticPassage((i * 97) % size).split(' ').slice(0, 5).join(' '), relevant: new Set([(i * 97) % size]) }));
const started = performance.now();
const result = await compareRetrieval({
  corpus,
  queries: { texts: queries.map((q) => q.text), relevant: queries.map((q) => q.relevant) },
  queryVectors: await embedQueries(embedder, queries.map((q) => q.text)),
  adapter: null,
  bm25: bm25.finish(),
  vectors: async (page) => embedder.embed(page.texts, 'passage'),
});
const ms = performance.now() - started;
const rss = Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024;
console.log(JSON.stringify({ ms, rss, queries: result.queries, mrr: result.base.mrr_at_10 }));
