/**
 * AdamW on a flat parameter array, with decoupled weight decay towards zero (towards the
 * identity adapter). Its moments are part of a checkpoint, so a resumed training continues
 * exactly.
 */
export const ADAMW = { learningRate: 2e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 1e-2 } as const;

export type OptimizerState = { m: Float32Array; v: Float32Array; t: number };

export const createOptimizerState = (size: number): OptimizerState => ({ m: new Float32Array(size), v: new Float32Array(size), t: 0 });

export function adamwStep(params: Float32Array, grad: Float32Array, state: OptimizerState, learningRate: number = ADAMW.learningRate) {
  const { beta1, beta2, epsilon, weightDecay } = ADAMW;
  state.t += 1;
  const c1 = 1 - beta1 ** state.t;
  const c2 = 1 - beta2 ** state.t;
  const { m, v } = state;
  for (let k = 0; k < params.length; k++) {
    const gk = grad[k]!;
    m[k] = beta1 * m[k]! + (1 - beta1) * gk;
    v[k] = beta2 * v[k]! + (1 - beta2) * gk * gk;
    params[k]! -= learningRate * ((m[k]! / c1) / (Math.sqrt(v[k]! / c2) + epsilon) + weightDecay * params[k]!);
  }
}
