import { createHash } from 'node:crypto';
import { fnv1a } from '@/lib/training/random';
import type { Embedder } from './embedder';
import { words } from './tokenize';
import { sparseFrom, type SparseVector } from './vector';

/**
 * The built-in embedder: BM25 over hashed features, so that it needs no model and no network
 * and still ranks about as well as a lexical search does. Features are word stems, word pairs
 * and the 4-letter pieces of longer words (which let "deploy" meet "deployment", and survive
 * a typo), each hashed with a sign into `dim` buckets. A passage's weight for a feature is
 * its BM25 term weight (idf × saturated, length-normalised frequency); a query's is ±1 per
 * feature it has. The dot product of the two is then a BM25 score over features: `statistics` carry the corpus's document
 * frequencies per bucket and its average length, computed once per training.
 */
export const BUILTIN_MODEL = 'recall-bm25-hash';
// At 4,096 buckets collisions cost about 3 points of MRR@10 against exact BM25; at 16,384 none measurable.
export const BUILTIN_DIM = 16_384;
const K1 = 1.2;
const B = 0.75;
// Measured on the demo corpus's hand-written questions (docs/training.md): pairs and pieces add
// about a point of MRR@10 over words alone; heavier weights drown the words.
const WEIGHTS = { word: 1, pair: 0.2, piece: 0.1 } as const;

export type BuiltinStatistics = { dim: number; documents: number; averageLength: number; df: Uint32Array };

type Counted = { bucket: number; sign: number; weight: number; count: number };

/** The features of a text with their counts: words, adjacent word pairs, and 4-letter pieces of words of 6+ letters. */
function features(text: string, dim: number): { counts: Map<string, Counted>; length: number } {
  const list = words(text);
  const counts = new Map<string, Counted>();
  const add = (feature: string, weight: number) => {
    const entry = counts.get(feature);
    if (entry) {
      entry.count += 1;
      return;
    }
    const hash = fnv1a(feature);
    // The sign keeps colliding features from adding up: they cancel on average.
    counts.set(feature, { bucket: hash % dim, sign: hash & 0x80000000 ? -1 : 1, weight, count: 1 });
  };
  for (let i = 0; i < list.length; i++) {
    const word = list[i]!;
    add(`w:${word}`, WEIGHTS.word);
    if (i > 0) add(`p:${list[i - 1]} ${word}`, WEIGHTS.pair);
    if (word.length >= 6) for (let j = 0; j + 4 <= word.length; j++) add(`g:${word.slice(j, j + 4)}`, WEIGHTS.piece);
  }
  return { counts, length: list.length };
}

/** Document frequencies per bucket over a corpus, fed a page of passages at a time. */
export function createStatisticsBuilder(dim = BUILTIN_DIM) {
  const df = new Uint32Array(dim);
  let documents = 0;
  let totalLength = 0;
  return {
    add(passages: readonly string[]) {
      for (const passage of passages) {
        const { counts, length } = features(passage, dim);
        for (const bucket of new Set([...counts.values()].map((feature) => feature.bucket))) df[bucket]! += 1;
        documents += 1;
        totalLength += length;
      }
    },
    finish(): BuiltinStatistics {
      return { dim, documents, averageLength: documents ? totalLength / documents : 0, df };
    },
  };
}

const idf = (stats: BuiltinStatistics, bucket: number) => {
  const n = stats.df[bucket] ?? 0;
  return Math.log(1 + (stats.documents - n + 0.5) / (n + 0.5));
};

export function createBuiltinEmbedder(stats: BuiltinStatistics): Embedder {
  const { dim } = stats;
  const key = `builtin:${BUILTIN_MODEL}:${dim}:${statisticsHash(stats)}`;
  const embedOne = (text: string, role: 'query' | 'passage'): SparseVector => {
    const { counts, length } = features(text, dim);
    const norm = 1 - B + B * (stats.averageLength > 0 ? length / stats.averageLength : 1);
    const entries = new Map<number, number>();
    for (const { bucket, sign, weight, count } of counts.values()) {
      // The passage side carries the whole BM25 weight; a query only says which features it has.
      const value = role === 'passage' ? weight * idf(stats, bucket) * ((count * (K1 + 1)) / (count + K1 * norm)) : 1;
      entries.set(bucket, (entries.get(bucket) ?? 0) + sign * value);
    }
    return sparseFrom(entries);
  };
  return {
    space: { provider: 'builtin', model: BUILTIN_MODEL, dim, key },
    sparse: true,
    cacheable: false,
    batchSize: 512,
    async embed(texts, role, signal) {
      signal?.throwIfAborted();
      return texts.map((text) => embedOne(text, role));
    },
  };
}

export function statisticsHash(stats: BuiltinStatistics): string {
  return createHash('sha256').update(serializeStatistics(stats)).digest('hex').slice(0, 16);
}

/** dim, documents, averageLength, then df: stored with the adapter so its space can be rebuilt exactly. */
export function serializeStatistics(stats: BuiltinStatistics): Buffer {
  const header = Buffer.alloc(16);
  header.writeUInt32LE(stats.dim, 0);
  header.writeUInt32LE(stats.documents, 4);
  header.writeDoubleLE(stats.averageLength, 8);
  return Buffer.concat([header, Buffer.from(stats.df.buffer, stats.df.byteOffset, stats.df.byteLength)]);
}

export function deserializeStatistics(bytes: Uint8Array): BuiltinStatistics {
  const buffer = Buffer.from(bytes);
  const dim = buffer.readUInt32LE(0);
  const df = new Uint32Array(dim);
  df.set(new Uint32Array(buffer.buffer.slice(buffer.byteOffset + 16, buffer.byteOffset + 16 + dim * 4)));
  return { dim, documents: buffer.readUInt32LE(4), averageLength: buffer.readDoubleLE(8), df };
}
