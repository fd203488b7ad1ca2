import { isSparse, sparseFrom, type SparseVector, type Vector } from '@/lib/embeddings/vector';

/**
 * A residual adapter on query embeddings: q' = q + diag(a) q + U Vᵀ q, so W = diag(a) + U Vᵀ.
 * With a = 0 and U = 0 it is the identity, and the baseline is the embedder alone; passages
 * are left as embedded, so an adapter applies at query time to an index built already. Its
 * form fits the data: a diagonal alone (a term re-weighting: dim parameters) or a diagonal
 * plus a rank-r product (2·dim·r more), chosen on validation.
 */
export type AdapterForm = 'identity' | 'diagonal' | 'diagonal_low_rank';

export type Adapter = {
  form: AdapterForm;
  dim: number;
  rank: number;
  /** The parameters, one flat array: a (dim), then U (dim × rank, row-major), then V (dim × rank). */
  params: Float32Array;
};

export const parameterCount = (dim: number, rank: number, form: AdapterForm) => (form === 'identity' ? 0 : dim + 2 * dim * rank);

export function createAdapter(form: AdapterForm, dim: number, rank: number, seed: () => number): Adapter {
  const r = form === 'diagonal_low_rank' ? rank : 0;
  const params = new Float32Array(parameterCount(dim, r, form));
  // V starts random (so U receives a gradient), U at zero: the product starts at zero.
  const v = vOf({ form, dim, rank: r, params });
  const scale = 1 / Math.sqrt(dim);
  for (let i = 0; i < v.length; i++) v[i] = (seed() * 2 - 1) * scale;
  return { form, dim, rank: r, params };
}

export const identityAdapter = (dim: number): Adapter => ({ form: 'identity', dim, rank: 0, params: new Float32Array(0) });

export const diagonalOf = (adapter: Adapter) => adapter.params.subarray(0, adapter.form === 'identity' ? 0 : adapter.dim);
export const uOf = (adapter: Adapter) => adapter.params.subarray(adapter.dim, adapter.dim + adapter.dim * adapter.rank);
export const vOf = (adapter: Adapter) => adapter.params.subarray(adapter.dim + adapter.dim * adapter.rank);

/** Vᵀ q (rank numbers). */
export function project(adapter: Adapter, matrix: Float32Array, vector: Vector): Float32Array {
  const { rank } = adapter;
  const out = new Float32Array(rank);
  if (rank === 0) return out;
  if (isSparse(vector)) {
    for (let i = 0; i < vector.indices.length; i++) {
      const row = vector.indices[i]! * rank;
      const x = vector.values[i]!;
      for (let k = 0; k < rank; k++) out[k]! += matrix[row + k]! * x;
    }
  } else {
    for (let d = 0; d < vector.length; d++) {
      const x = vector[d]!;
      if (x === 0) continue;
      const row = d * rank;
      for (let k = 0; k < rank; k++) out[k]! += matrix[row + k]! * x;
    }
  }
  return out;
}

/**
 * The adapted query in the form scoring uses: its diagonal part (q + a ⊙ q, sparse when q
 * is) and its low-rank coordinates z = Vᵀq, so that q'·d = diag·d + z·(Uᵀd).
 */
export function adaptQuery(adapter: Adapter, query: Vector): { diagonal: Vector; z: Float32Array } {
  const a = diagonalOf(adapter);
  const z = project(adapter, vOf(adapter), query);
  if (adapter.form === 'identity') return { diagonal: query, z };
  if (isSparse(query)) {
    const entries = new Map<number, number>();
    for (let i = 0; i < query.indices.length; i++) entries.set(query.indices[i]!, query.values[i]! * (1 + a[query.indices[i]!]!));
    return { diagonal: sparseFrom(entries), z };
  }
  const out = Float32Array.from(query, (x, d) => x * (1 + a[d]!));
  return { diagonal: out, z };
}

/** q' as one dense vector (export, search over dense spaces). */
export function adaptDense(adapter: Adapter, query: Vector): Float32Array {
  const { diagonal, z } = adaptQuery(adapter, query);
  const out = new Float32Array(adapter.dim);
  if (isSparse(diagonal)) for (let i = 0; i < diagonal.indices.length; i++) out[diagonal.indices[i]!] = diagonal.values[i]!;
  else out.set(diagonal);
  const u = uOf(adapter);
  for (let d = 0; d < adapter.dim; d++) {
    let sum = 0;
    for (let k = 0; k < adapter.rank; k++) sum += u[d * adapter.rank + k]! * z[k]!;
    out[d]! += sum;
  }
  return out;
}

/** W = diag(a) + U Vᵀ, row by row (so a dim × dim matrix never has to be held whole). */
export function* weightRows(adapter: Adapter): Generator<Float32Array> {
  const a = diagonalOf(adapter);
  const u = uOf(adapter);
  const v = vOf(adapter);
  const { dim, rank } = adapter;
  for (let r = 0; r < dim; r++) {
    const row = new Float32Array(dim);
    if (adapter.form !== 'identity') row[r] = a[r]!;
    for (let k = 0; k < rank; k++) {
      const ur = u[r * rank + k]!;
      if (ur === 0) continue;
      for (let c = 0; c < dim; c++) row[c]! += ur * v[c * rank + k]!;
    }
    yield row;
  }
}

export type { SparseVector };
