import type { Bm25Statistics } from '@/lib/evaluation/bm25';
import { embedQueries, streamCorpus, type CorpusPages, type PassageVectors } from '@/lib/evaluation/evaluate';
import { RankCollector, TopK } from '@/lib/evaluation/ranks';
import { bm25Scorer, embeddingScorer } from '@/lib/evaluation/scorers';
import type { Embedder } from '@/lib/embeddings/embedder';

export type RoundTrip = { bm25Rank: number | null; embeddingRank: number | null; hardNegative: number | null };

/**
 * Where each question's own chunk ranks when the question is searched over the whole corpus,
 * with BM25 and with the base embedder (1–10, or null past the top 10), and the best other
 * chunk under BM25 (a hard negative). One pass over the corpus for all the questions given;
 * ties rank against the question, as in evaluation.
 */
export async function roundTrip(options: {
  corpus: CorpusPages;
  questions: readonly { text: string; chunk: number | undefined }[];
  bm25: Bm25Statistics;
  embedder: Embedder;
  vectors: PassageVectors;
  signal?: AbortSignal;
}): Promise<RoundTrip[]> {
  const texts = options.questions.map((q) => q.text);
  const relevant = options.questions.map((q) => new Set(q.chunk === undefined ? [] : [q.chunk]));
  const lexical = relevant.map((r) => new RankCollector(r));
  const dense = relevant.map((r) => new RankCollector(r));
  const best = relevant.map(() => new TopK(2));
  const queryVectors = await embedQueries(options.embedder, texts, options.signal);
  await streamCorpus(
    options.corpus,
    [
      {
        scorer: bm25Scorer(texts, options.bm25),
        visit: (q, c, s) => {
          lexical[q]!.visit(c, s);
          if (s > 0) best[q]!.visit(c, s);
        },
      },
      { scorer: embeddingScorer(queryVectors), visit: (q, c, s) => dense[q]!.visit(c, s) },
    ],
    options.vectors,
    options.signal,
  );
  return options.questions.map((question, q) => ({
    bm25Rank: question.chunk === undefined ? null : (lexical[q]!.ranks(options.corpus.size)[0] ?? null),
    embeddingRank: question.chunk === undefined ? null : (dense[q]!.ranks(options.corpus.size)[0] ?? null),
    hardNegative: best[q]!.chunks.find((c) => c !== question.chunk) ?? null,
  }));
}
