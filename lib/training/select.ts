import type { Embedder } from './embedder';
import { createOfflineEmbedder } from './offline-embedder';

/**
 * The embedder training uses. The built-in offline one for now: it needs no key, no
 * network and no model download, and its name pins the vector space a checkpoint belongs to.
 */
export function embedderFor(): Embedder {
  return createOfflineEmbedder();
}
