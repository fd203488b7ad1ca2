import { applyAdapter, type Adapter } from './adapter';
import { dot } from './embedder';

export type RetrievalMetrics = { recall_at_1: number; recall_at_5: number; mrr: number };

/**
 * How well each query finds its own passage among all candidates: recall@1, recall@5 and
 * mean reciprocal rank. With an adapter, queries are adapted first; without, this is the
 * embedder's baseline.
 */
export async function evaluateRetrieval(
  queries: { query: Float32Array; target: number }[],
  candidates: Float32Array[],
  adapter?: Adapter,
): Promise<RetrievalMetrics> {
  if (queries.length === 0) return { recall_at_1: 0, recall_at_5: 0, mrr: 0 };
  let hits1 = 0;
  let hits5 = 0;
  let reciprocal = 0;
  for (let i = 0; i < queries.length; i++) {
    const { query: vector, target } = queries[i]!;
    // Yield now and then: evaluation can take seconds, and may share a process with the web server.
    if (i % 50 === 49) await new Promise((resolve) => setImmediate(resolve));
    const query = adapter ? applyAdapter(adapter, vector) : vector;
    const own = dot(query, candidates[target]!);
    // Rank = 1 + candidates scoring strictly higher (ties count in the query's favour).
    let rank = 1;
    for (let j = 0; j < candidates.length; j++) if (j !== target && dot(query, candidates[j]!) > own) rank++;
    if (rank === 1) hits1++;
    if (rank <= 5) hits5++;
    reciprocal += 1 / rank;
  }
  const round = (value: number) => Math.round((value / queries.length) * 10_000) / 10_000;
  return { recall_at_1: round(hits1), recall_at_5: round(hits5), mrr: round(reciprocal) };
}
