import type { RunConfig } from '@/lib/runs/config';
import type { Embedder } from './embedder';
import { createLocalTrainer } from './local-trainer';
import { createOfflineEmbedder } from './offline-embedder';
import type { Trainer } from './trainer';

/**
 * The embedder a run trains with. The built-in offline one for now: it needs no key, no
 * network and no model download, and its name pins the vector space a checkpoint belongs to.
 */
export function embedderFor(_config: RunConfig): Embedder {
  return createOfflineEmbedder();
}

/** The trainer a run trains with: today the local loop. */
export function trainerFor(_config: RunConfig): Trainer {
  return createLocalTrainer();
}
