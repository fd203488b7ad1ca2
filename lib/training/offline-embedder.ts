import { normalize, type Embedder } from './embedder';
import { fnv1a } from './random';

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * The built-in embedder: signed feature hashing of words and word pairs, with sublinear
 * term weights. Deterministic, no model download (none can be fetched here), about 20 µs per
 * passage. It is a bag of words, so question words ("what", "does") add noise the
 * adapter learns to discount: that is what training improves on.
 */
export function createOfflineEmbedder(dim = 256): Embedder {
  return {
    name: `offline-hash-${dim}`,
    dim,
    async embed(texts, signal) {
      signal?.throwIfAborted();
      return texts.map((text) => embedOne(text, dim));
    },
  };
}

function embedOne(text: string, dim: number): Float32Array {
  const counts = new Map<string, number>();
  const words = text.toLowerCase().match(WORD) ?? [];
  for (let i = 0; i < words.length; i++) {
    const word = stem(words[i]!);
    counts.set(word, (counts.get(word) ?? 0) + 1);
    if (i > 0) {
      const pair = `${stem(words[i - 1]!)} ${word}`;
      counts.set(pair, (counts.get(pair) ?? 0) + 0.5);
    }
  }
  const vector = new Float32Array(dim);
  for (const [feature, count] of counts) {
    const hash = fnv1a(feature);
    // The sign bit keeps collisions from adding up: colliding features cancel on average.
    vector[hash % dim]! += (hash & 0x80000000 ? -1 : 1) * (1 + Math.log(count));
  }
  return normalize(vector);
}

/** Strips the commonest English endings so "runs", "running" and "run" share a feature. */
function stem(word: string): string {
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}
