import 'server-only';
import { createBuiltinEmbedder, deserializeStatistics } from '@/lib/embeddings/builtin';
import type { Embedder, EmbeddingSpace } from '@/lib/embeddings/embedder';
import { createLocalTrainer } from './local-trainer';
import type { TrainingOptions } from './options';
import { builtinChoice, type EmbedderChoice } from './prepare';
import type { Trainer } from './trainer';

/** How a training gets its embedder (the built-in one needs the corpus's statistics first). */
export function embedderFor(_options: TrainingOptions): EmbedderChoice {
  return builtinChoice;
}

/** The embedder of a stored adapter's space, rebuilt (search, export). */
export function embedderOfSpace(space: EmbeddingSpace, spaceData: Buffer | null): Embedder {
  if (space.provider === 'builtin' && spaceData) return createBuiltinEmbedder(deserializeStatistics(spaceData));
  throw new Error(`No embedder for space ${space.key}`);
}

/** The trainer a run trains with. */
export function trainerFor(_options: TrainingOptions): Trainer {
  return createLocalTrainer();
}
