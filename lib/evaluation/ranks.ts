import { CUTOFF } from './metrics';

/**
 * Where a query's relevant chunks rank among the whole corpus, found while the corpus streams
 * past in pages, without keeping more than ten scores per query. Ties never favour the
 * query: a non-relevant chunk scoring the same as a relevant one ranks above it. A scorer
 * may skip chunks it scores 0 (a sparse one never visits them); they are counted in as
 * zero-scored non-relevant chunks.
 */
export class RankCollector {
  /** The best non-relevant scores seen, descending, at most CUTOFF. */
  private readonly top: number[] = [];
  private readonly relevantScores = new Map<number, number>();
  private visitedNonRelevant = 0;

  constructor(private readonly relevant: ReadonlySet<number>) {}

  visit(chunk: number, score: number) {
    if (this.relevant.has(chunk)) {
      this.relevantScores.set(chunk, score);
      return;
    }
    this.visitedNonRelevant += 1;
    const top = this.top;
    if (top.length === CUTOFF && score <= top[CUTOFF - 1]!) return;
    let i = top.length;
    while (i > 0 && top[i - 1]! < score) i--;
    top.splice(i, 0, score);
    if (top.length > CUTOFF) top.pop();
  }

  /** Ranks (1-based) of the relevant chunks that land in the top CUTOFF, of a corpus of `corpusSize` chunks. */
  ranks(corpusSize: number): number[] {
    const unvisited = Math.max(0, corpusSize - this.relevant.size - this.visitedNonRelevant);
    const scores = [...this.relevant].map((chunk) => this.relevantScores.get(chunk) ?? 0).sort((a, b) => b - a);
    const ranks: number[] = [];
    scores.forEach((score, position) => {
      let above = 0;
      for (const other of this.top) if (other >= score) above++;
      if (score <= 0) above += unvisited;
      const rank = 1 + above + position;
      if (rank <= CUTOFF) ranks.push(rank);
    });
    return ranks;
  }
}

/** The k best (chunk, score) pairs seen, best first (ties: the chunk seen first). */
export class TopK {
  readonly chunks: number[] = [];
  readonly scores: number[] = [];
  constructor(private readonly k: number) {}

  visit(chunk: number, score: number) {
    const { scores, chunks, k } = this;
    if (scores.length === k && score <= scores[k - 1]!) return;
    let i = scores.length;
    while (i > 0 && scores[i - 1]! < score) i--;
    scores.splice(i, 0, score);
    chunks.splice(i, 0, chunk);
    if (scores.length > k) {
      scores.pop();
      chunks.pop();
    }
  }
}
