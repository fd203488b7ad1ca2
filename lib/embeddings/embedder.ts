import type { Vector } from './vector';

/** Which vectors an embedder makes; stored with every adapter, so the adapter names its space. */
export type EmbeddingSpace = {
  provider: 'builtin' | 'openai';
  model: string;
  dim: number;
  /** Identifies the vector space exactly (model, dimensions, and for the built-in one its corpus statistics): cache and checkpoint key. */
  key: string;
};

export type EmbedRole = 'query' | 'passage';

/**
 * Texts in, vectors out, in batches, honouring an AbortSignal. Queries and passages may be
 * embedded differently (the built-in embedder weighs passage terms by BM25 saturation); a
 * score is always `dot(query, passage)`.
 */
export interface Embedder {
  readonly space: EmbeddingSpace;
  /** Vectors are sparse (built-in) or dense unit vectors (remote models). */
  readonly sparse: boolean;
  /** Whether vectors are worth keeping in the embedding cache (a remote call costs; the built-in one is faster to recompute than to read). */
  readonly cacheable: boolean;
  /** How many texts one call should carry. */
  readonly batchSize: number;
  embed(texts: readonly string[], role: EmbedRole, signal?: AbortSignal): Promise<Vector[]>;
}
