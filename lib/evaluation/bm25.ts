import { words } from '@/lib/embeddings/tokenize';

/**
 * Okapi BM25 (k1 = 1.2, b = 0.75, the idf of Lucene and BEIR's baselines) over Recall's
 * tokenizer: the lexical baseline every retrieval result is shown beside. Written here rather
 * than taken from a search library because it must stream a corpus of any size in pages and
 * score only the terms its queries hold; the formula is the textbook one, tested on
 * hand-computed cases.
 */
export const BM25 = { k1: 1.2, b: 0.75 } as const;

export type Bm25Statistics = { documents: number; averageLength: number; df: Map<string, number> };

export function termCounts(text: string): { counts: Map<string, number>; length: number } {
  const list = words(text);
  const counts = new Map<string, number>();
  for (const word of list) counts.set(word, (counts.get(word) ?? 0) + 1);
  return { counts, length: list.length };
}

/** A query's distinct terms (BM25 ignores repeats within a query). */
export const queryTerms = (text: string) => new Set(words(text));

export function createBm25StatisticsBuilder() {
  const df = new Map<string, number>();
  let documents = 0;
  let totalLength = 0;
  return {
    add(passages: readonly string[]) {
      for (const passage of passages) {
        const { counts, length } = termCounts(passage);
        for (const term of counts.keys()) df.set(term, (df.get(term) ?? 0) + 1);
        documents += 1;
        totalLength += length;
      }
    },
    finish(): Bm25Statistics {
      return { documents, averageLength: documents ? totalLength / documents : 0, df };
    },
  };
}

export function bm25Idf(stats: Bm25Statistics, term: string): number {
  const n = stats.df.get(term) ?? 0;
  return Math.log(1 + (stats.documents - n + 0.5) / (n + 0.5));
}

/** A term's contribution to a passage's score: idf × tf (k1 + 1) / (tf + k1 (1 − b + b · len / avglen)). */
export function bm25Weight(stats: Bm25Statistics, term: string, tf: number, length: number): number {
  const { k1, b } = BM25;
  const norm = 1 - b + b * (stats.averageLength > 0 ? length / stats.averageLength : 1);
  return bm25Idf(stats, term) * ((tf * (k1 + 1)) / (tf + k1 * norm));
}
