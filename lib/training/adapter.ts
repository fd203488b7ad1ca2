import { dot } from './embedder';

/**
 * A residual linear adapter on query embeddings: q' = q + W q, with W (dim × dim) starting
 * at zero, so an untrained adapter is the identity and the baseline is what the embedder
 * alone retrieves. Passages are left as embedded: the adapter can be applied at query
 * time without re-embedding a corpus. Trained with an in-batch contrastive loss (InfoNCE)
 * and Adam; ranking by cosine makes the scale of q' irrelevant, so no normalisation is
 * needed inside the loss.
 */
export type Adapter = {
  dim: number;
  weights: Float32Array;
  /** Adam first and second moments. */
  m: Float32Array;
  v: Float32Array;
  /** Optimisation steps taken (Adam's t). */
  steps: number;
};

export const ADAM = { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 1e-4, temperature: 0.05 } as const;

export function createAdapter(dim: number): Adapter {
  return { dim, weights: new Float32Array(dim * dim), m: new Float32Array(dim * dim), v: new Float32Array(dim * dim), steps: 0 };
}

/** q + W q (not normalised: rank by dot product with unit passages, or normalise first). */
export function applyAdapter(adapter: Adapter, query: Float32Array): Float32Array {
  const { dim, weights } = adapter;
  const out = Float32Array.from(query);
  for (let r = 0; r < dim; r++) {
    let sum = 0;
    const row = r * dim;
    for (let c = 0; c < dim; c++) sum += weights[row + c]! * query[c]!;
    out[r]! += sum;
  }
  return out;
}

/**
 * One step: each query's positive is candidates[targets[i]]; every other candidate is a
 * negative. Returns the batch's mean loss (before the update).
 */
export function trainStep(adapter: Adapter, queries: Float32Array[], candidates: Float32Array[], targets: number[]): number {
  const { dim } = adapter;
  const batch = queries.length;
  const grad = new Float32Array(dim * dim);
  const g = new Float32Array(dim);
  let loss = 0;
  for (let i = 0; i < batch; i++) {
    const query = queries[i]!;
    const adapted = applyAdapter(adapter, query);
    const scores = candidates.map((candidate) => dot(adapted, candidate) / ADAM.temperature);
    const max = Math.max(...scores);
    let total = 0;
    const exps = scores.map((score) => {
      const e = Math.exp(score - max);
      total += e;
      return e;
    });
    loss += -(scores[targets[i]!]! - max - Math.log(total));
    // dLoss/dq' = Σ_j (p_j − [j = target]) d_j / (τ · batch); dLoss/dW = that ⊗ q.
    g.fill(0);
    for (let j = 0; j < candidates.length; j++) {
      const coefficient = (exps[j]! / total - (j === targets[i] ? 1 : 0)) / (ADAM.temperature * batch);
      if (coefficient === 0) continue;
      const candidate = candidates[j]!;
      for (let r = 0; r < dim; r++) g[r]! += coefficient * candidate[r]!;
    }
    for (let r = 0; r < dim; r++) {
      const gr = g[r]!;
      if (gr === 0) continue;
      const row = r * dim;
      for (let c = 0; c < dim; c++) grad[row + c]! += gr * query[c]!;
    }
  }
  adamUpdate(adapter, grad);
  return loss / batch;
}

function adamUpdate(adapter: Adapter, grad: Float32Array) {
  const { weights, m, v } = adapter;
  adapter.steps += 1;
  const { learningRate, beta1, beta2, epsilon, weightDecay } = ADAM;
  const correction1 = 1 - beta1 ** adapter.steps;
  const correction2 = 1 - beta2 ** adapter.steps;
  for (let k = 0; k < weights.length; k++) {
    const gk = grad[k]!;
    m[k] = beta1 * m[k]! + (1 - beta1) * gk;
    v[k] = beta2 * v[k]! + (1 - beta2) * gk * gk;
    // Decoupled weight decay (AdamW) pulls W back towards the identity adapter.
    weights[k]! -= learningRate * ((m[k]! / correction1) / (Math.sqrt(v[k]! / correction2) + epsilon) + weightDecay * weights[k]!);
  }
}

/** Float32 little-endian bytes (every platform Recall runs on is little-endian). */
export function toBytes(values: Float32Array): Buffer {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

export function fromBytes(bytes: Uint8Array, length: number): Float32Array {
  if (bytes.byteLength !== length * 4) throw new Error(`Expected ${length * 4} bytes, got ${bytes.byteLength}`);
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float32Array(copy.buffer);
}
