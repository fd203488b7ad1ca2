/**
 * Embedding vectors. Remote models give dense unit vectors; the built-in embedder gives
 * sparse ones (a passage touches ~100 of its thousands of dimensions), kept sparse so that
 * a corpus of 100,000 chunks fits in a small worker.
 */
export type SparseVector = { readonly indices: Uint32Array; readonly values: Float32Array };
export type Vector = Float32Array | SparseVector;

export const isSparse = (vector: Vector): vector is SparseVector => !(vector instanceof Float32Array);

/** a · b for any two vectors of one space (`dense` may be a scattered sparse query). */
export function dot(a: Vector, b: Vector): number {
  if (!isSparse(a) && !isSparse(b)) {
    let sum = 0;
    for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
    return sum;
  }
  if (isSparse(a) && isSparse(b)) {
    let sum = 0;
    let i = 0;
    let j = 0;
    while (i < a.indices.length && j < b.indices.length) {
      const x = a.indices[i]!;
      const y = b.indices[j]!;
      if (x === y) sum += a.values[i++]! * b.values[j++]!;
      else if (x < y) i++;
      else j++;
    }
    return sum;
  }
  const [sparse, dense] = isSparse(a) ? [a, b as Float32Array] : [b as SparseVector, a];
  let sum = 0;
  for (let i = 0; i < sparse.indices.length; i++) sum += sparse.values[i]! * dense[sparse.indices[i]!]!;
  return sum;
}

export function toDense(vector: Vector, dim: number): Float32Array {
  if (!isSparse(vector)) return vector;
  const out = new Float32Array(dim);
  for (let i = 0; i < vector.indices.length; i++) out[vector.indices[i]!] = vector.values[i]!;
  return out;
}

/** Scales a dense vector to unit length in place (a zero vector stays zero). */
export function normalize(vector: Float32Array): Float32Array {
  let norm = 0;
  for (let i = 0; i < vector.length; i++) norm += vector[i]! * vector[i]!;
  if (norm === 0) return vector;
  const scale = 1 / Math.sqrt(norm);
  for (let i = 0; i < vector.length; i++) vector[i]! *= scale;
  return vector;
}

/** A sparse vector from index → value pairs (summed per index, sorted, zeros dropped). */
export function sparseFrom(entries: Map<number, number>): SparseVector {
  const indices = [...entries.keys()].filter((index) => entries.get(index) !== 0).sort((x, y) => x - y);
  return { indices: Uint32Array.from(indices), values: Float32Array.from(indices.map((index) => entries.get(index)!)) };
}
