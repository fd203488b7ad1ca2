import { trainStep, type Adapter } from './adapter';
import { seededRandom } from './random';
import { TRAINING } from './settings';

export type Example = { query: Float32Array; target: number };
export type TrainingData = { train: Example[]; candidates: Float32Array[] };

/**
 * The adapter's next step: a batch of training queries drawn by a generator seeded with
 * (seed, step number), their passages, and random negatives. Because the batch depends only
 * on the seed and the step, a training resumed from a checkpoint continues exactly as an
 * uninterrupted one would. Returns the batch loss.
 */
export function trainingStep(adapter: Adapter, data: TrainingData, seed: number): number {
  const random = seededRandom(seed ^ Math.imul(adapter.steps + 1, 0x9e3779b1));
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  const batch = Array.from({ length: Math.min(TRAINING.batchSize, data.train.length) }, () => pick(data.train));
  const slot = new Map<number, number>();
  const take = (target: number) => {
    if (!slot.has(target)) slot.set(target, slot.size);
    return slot.get(target)!;
  };
  const targets = batch.map((example) => take(example.target));
  for (let i = 0; i < TRAINING.negatives && slot.size < data.candidates.length; i++) take(Math.floor(random() * data.candidates.length));
  const candidates = [...slot.keys()].map((index) => data.candidates[index]!);
  return trainStep(adapter, batch.map((example) => example.query), candidates, targets);
}
