import { isSparse, type Vector } from '@/lib/embeddings/vector';
import { diagonalOf, project, uOf, vOf, type Adapter } from './adapter';

/**
 * The training objective: InfoNCE (softmax cross-entropy of each query's positive against its
 * candidates) on adapted query scores q'·d / τ. Returns the batch's mean loss and adds its
 * gradient to `grad` (laid out as the adapter's params: a, then U, then V).
 */
export type Example = { query: Vector; positive: number; negatives: readonly number[] };

export function batchLossAndGradient(adapter: Adapter, passages: readonly Vector[], batch: readonly Example[], temperature: number, grad: Float32Array): number {
  const { dim, rank } = adapter;
  const a = diagonalOf(adapter);
  const u = uOf(adapter);
  const v = vOf(adapter);
  const gA = grad.subarray(0, adapter.form === 'identity' ? 0 : dim);
  const gU = grad.subarray(dim, dim + dim * rank);
  const gV = grad.subarray(dim + dim * rank);
  // In-batch negatives: every other query's positive is a candidate too.
  const inBatch = [...new Set(batch.map((example) => example.positive))];
  const projected = new Map<number, Float32Array>();
  const projectedOf = (p: number) => {
    let y = projected.get(p);
    if (!y) projected.set(p, (y = project(adapter, u, passages[p]!)));
    return y;
  };
  const g = new Float32Array(dim);
  const touched: number[] = [];
  let loss = 0;
  for (const example of batch) {
    const q = example.query;
    const z = project(adapter, v, q);
    const candidates = [...new Set([example.positive, ...inBatch, ...example.negatives])];
    const scores = candidates.map((p) => {
      const d = passages[p]!;
      let s = diagonalDot(q, a, d, adapter.form !== 'identity');
      if (rank > 0) {
        const y = projectedOf(p);
        for (let k = 0; k < rank; k++) s += z[k]! * y[k]!;
      }
      return s / temperature;
    });
    const max = Math.max(...scores);
    let total = 0;
    const exps = scores.map((s) => {
      const e = Math.exp(s - max);
      total += e;
      return e;
    });
    loss += -(scores[0]! - max - Math.log(total));
    // g = Σ_j (p_j − [j = positive]) d_j / (τ · batch): dLoss/dq'.
    for (const index of touched) g[index] = 0;
    touched.length = 0;
    candidates.forEach((p, j) => {
      const coefficient = (exps[j]! / total - (j === 0 ? 1 : 0)) / (temperature * batch.length);
      if (coefficient === 0) return;
      addScaled(g, passages[p]!, coefficient, touched);
    });
    if (adapter.form === 'identity') continue;
    // dL/da = g ⊙ q.
    forEachEntry(q, (index, x) => {
      gA[index]! += g[index]! * x;
    });
    if (rank === 0) continue;
    // dL/dU = g zᵀ; dL/dV = q (Uᵀ g)ᵀ.
    const utg = new Float32Array(rank);
    for (const d of touched) {
      const gd = g[d]!;
      if (gd === 0) continue;
      const row = d * rank;
      for (let k = 0; k < rank; k++) {
        gU[row + k]! += gd * z[k]!;
        utg[k]! += u[row + k]! * gd;
      }
    }
    forEachEntry(q, (index, x) => {
      const row = index * rank;
      for (let k = 0; k < rank; k++) gV[row + k]! += x * utg[k]!;
    });
  }
  return loss / batch.length;
}

/** (q + a ⊙ q) · d. */
function diagonalDot(q: Vector, a: Float32Array, d: Vector, withDiagonal: boolean): number {
  if (!isSparse(q) && !isSparse(d)) {
    // Dense spaces: a plain loop (the hot path of a provider's embeddings).
    let sum = 0;
    if (withDiagonal) for (let i = 0; i < q.length; i++) sum += q[i]! * (1 + a[i]!) * d[i]!;
    else for (let i = 0; i < q.length; i++) sum += q[i]! * d[i]!;
    return sum;
  }
  let sum = 0;
  forEachEntry(q, (index, x) => {
    const dv = valueAt(d, index);
    if (dv !== 0) sum += x * (withDiagonal ? 1 + a[index]! : 1) * dv;
  });
  return sum;
}

function valueAt(vector: Vector, index: number): number {
  if (!isSparse(vector)) return vector[index]!;
  // Binary search: sparse indices are sorted.
  let lo = 0;
  let hi = vector.indices.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = vector.indices[mid]!;
    if (at === index) return vector.values[mid]!;
    if (at < index) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}

function forEachEntry(vector: Vector, fn: (index: number, value: number) => void) {
  if (isSparse(vector)) for (let i = 0; i < vector.indices.length; i++) fn(vector.indices[i]!, vector.values[i]!);
  else for (let i = 0; i < vector.length; i++) if (vector[i] !== 0) fn(i, vector[i]!);
}

function addScaled(target: Float32Array, vector: Vector, scale: number, touched: number[]) {
  if (!isSparse(vector)) {
    if (touched.length === 0) for (let i = 0; i < vector.length; i++) touched.push(i);
    for (let i = 0; i < vector.length; i++) target[i]! += scale * vector[i]!;
    return;
  }
  forEachEntry(vector, (index, value) => {
    if (target[index] === 0) touched.push(index);
    target[index]! += scale * value;
  });
}
