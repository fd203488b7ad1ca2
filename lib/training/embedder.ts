/**
 * Embeddings for training and evaluating retrieval. One interface: texts in, unit vectors
 * out, honouring an AbortSignal. The built-in offline embedder needs no key and no network.
 */
export type Embedder = {
  /** Identifies the vector space: an adapter checkpoint is only resumed with the same one. */
  readonly name: string;
  readonly dim: number;
  embed(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]>;
};

/** Scales a vector to unit length in place (a zero vector stays zero). */
export function normalize(vector: Float32Array): Float32Array {
  let norm = 0;
  for (let i = 0; i < vector.length; i++) norm += vector[i]! * vector[i]!;
  if (norm === 0) return vector;
  const scale = 1 / Math.sqrt(norm);
  for (let i = 0; i < vector.length; i++) vector[i]! *= scale;
  return vector;
}

export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}
