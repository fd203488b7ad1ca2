import { adaptQuery, uOf, project, type Adapter } from '@/lib/training/adapter';
import { isSparse, type SparseVector, type Vector } from '@/lib/embeddings/vector';
import type { Bm25Statistics } from './bm25';
import { bm25Weight, queryTerms, termCounts } from './bm25';

/** One page of the corpus as it streams past: global chunk numbers, texts, and (for embedding scorers) passage vectors. */
export type Page = { chunks: readonly number[]; texts: readonly string[]; hashes?: readonly string[]; vectors?: readonly Vector[] };

export type Visit = (query: number, chunk: number, score: number) => void;

/** Scores a page of chunks against every query; a sparse scorer skips (query, chunk) pairs it scores 0. */
export interface Scorer {
  scorePage(page: Page, visit: Visit): void;
}

/**
 * Inverted lists from query dimensions to (query, weight): a sparse passage visits only the
 * queries that share a dimension with it, so scoring a corpus costs its postings, not
 * queries × chunks.
 */
function invert(queries: readonly SparseVector[]): Map<number, { query: Int32Array; weight: Float32Array }> {
  const lists = new Map<number, { query: number[]; weight: number[] }>();
  queries.forEach((vector, q) => {
    for (let i = 0; i < vector.indices.length; i++) {
      const list = lists.get(vector.indices[i]!) ?? { query: [], weight: [] };
      list.query.push(q);
      list.weight.push(vector.values[i]!);
      lists.set(vector.indices[i]!, list);
    }
  });
  return new Map([...lists].map(([d, list]) => [d, { query: Int32Array.from(list.query), weight: Float32Array.from(list.weight) }]));
}

/**
 * Per-query score accumulators for one passage: a typed array and the list of queries it
 * touched (so clearing costs what was touched, not every query).
 */
class Accumulator {
  readonly scores: Float64Array;
  readonly touched: Int32Array;
  size = 0;
  private readonly seen: Uint8Array;
  constructor(queries: number) {
    this.scores = new Float64Array(queries);
    this.touched = new Int32Array(queries);
    this.seen = new Uint8Array(queries);
  }
  add(q: number, value: number) {
    if (!this.seen[q]) {
      this.seen[q] = 1;
      this.touched[this.size++] = q;
    }
    this.scores[q]! += value;
  }
  /** Visits every touched query with its score, then clears. */
  drain(visit: (q: number, score: number) => void) {
    for (let i = 0; i < this.size; i++) {
      const q = this.touched[i]!;
      visit(q, this.scores[q]!);
      this.scores[q] = 0;
      this.seen[q] = 0;
    }
    this.size = 0;
  }
}

/** Dot products of sparse queries with a sparse passage, through the inverted lists. */
function sparseScores(index: ReturnType<typeof invert>, passage: SparseVector, into: Accumulator) {
  for (let i = 0; i < passage.indices.length; i++) {
    const list = index.get(passage.indices[i]!);
    if (!list) continue;
    const x = passage.values[i]!;
    for (let j = 0; j < list.query.length; j++) into.add(list.query[j]!, list.weight[j]! * x);
  }
}

/** Queries embedded in the corpus's space, as they are (no adapter). */
export function embeddingScorer(queries: readonly Vector[], adapter: Adapter | null = null): Scorer {
  const adapted = adapter && adapter.form !== 'identity' ? queries.map((q) => adaptQuery(adapter, q)) : null;
  const diagonals = adapted ? adapted.map((a) => a.diagonal) : queries;
  const lowRank = adapted && adapter!.rank > 0 ? { z: adapted.map((a) => a.z), u: uOf(adapter!), adapter: adapter! } : null;
  const sparse = diagonals.length > 0 && isSparse(diagonals[0]!);
  const index = sparse ? invert(diagonals as SparseVector[]) : null;
  const accumulator = new Accumulator(diagonals.length);
  const lowRankScores = new Float64Array(diagonals.length);
  return {
    scorePage(page, visit) {
      const vectors = page.vectors!;
      for (let c = 0; c < page.chunks.length; c++) {
        const chunk = page.chunks[c]!;
        const passage = vectors[c]!;
        const y = lowRank ? project(lowRank.adapter, lowRank.u, passage) : null;
        if (index) {
          sparseScores(index, passage as SparseVector, accumulator);
          if (!y) {
            accumulator.drain((q, score) => visit(q, chunk, score));
            continue;
          }
          // The low-rank part touches every query.
          accumulator.drain((q, score) => (lowRankScores[q] = score));
          for (let q = 0; q < diagonals.length; q++) {
            const z = lowRank!.z[q]!;
            let extra = 0;
            for (let k = 0; k < z.length; k++) extra += z[k]! * y[k]!;
            visit(q, chunk, lowRankScores[q]! + extra);
            lowRankScores[q] = 0;
          }
          continue;
        }
        const d = passage as Float32Array;
        for (let q = 0; q < diagonals.length; q++) {
          const query = diagonals[q] as Float32Array;
          let score = 0;
          for (let i = 0; i < d.length; i++) score += query[i]! * d[i]!;
          if (y) {
            const z = lowRank!.z[q]!;
            for (let k = 0; k < z.length; k++) score += z[k]! * y[k]!;
          }
          visit(q, chunk, score);
        }
      }
    },
  };
}

/** Okapi BM25 of each query against each passage, over exact terms (the lexical baseline). */
export function bm25Scorer(queryTexts: readonly string[], stats: Bm25Statistics): Scorer {
  const postings = new Map<string, number[]>();
  queryTexts.forEach((text, q) => {
    for (const term of queryTerms(text)) {
      const list = postings.get(term);
      if (list) list.push(q);
      else postings.set(term, [q]);
    }
  });
  const accumulator = new Accumulator(queryTexts.length);
  return {
    scorePage(page, visit) {
      for (let c = 0; c < page.chunks.length; c++) {
        const { counts, length } = termCounts(page.texts[c]!);
        for (const [term, count] of counts) {
          const list = postings.get(term);
          if (!list) continue;
          const weight = bm25Weight(stats, term, count, length);
          for (const q of list) accumulator.add(q, weight);
        }
        const chunk = page.chunks[c]!;
        accumulator.drain((q, score) => visit(q, chunk, score));
      }
    },
  };
}
