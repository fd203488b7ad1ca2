import 'server-only';
import { createHash } from 'node:crypto';
import type { Sql } from 'postgres';
import type { Embedder } from './embedder';
import type { Vector } from './vector';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * An embedder that asks the cache first (private.embedding_cache, per space, role and
 * sha256 of the text) and the provider only for what is missing, storing what it gets. The
 * built-in embedder is not cached: recomputing it is faster than reading it back.
 */
export function withEmbeddingCache(sql: Sql, embedder: Embedder): Embedder & { stats: { hits: number; misses: number } } {
  const stats = { hits: 0, misses: 0 };
  if (!embedder.cacheable) return { ...embedder, stats, embed: embedder.embed.bind(embedder) };
  const { key, dim } = embedder.space;
  return {
    ...embedder,
    stats,
    async embed(texts, role, signal) {
      const hashes = texts.map(sha256);
      const rows = await sql<{ content_hash: string; vector: Buffer }[]>`
        update private.embedding_cache set used_at = now()
        where space_key = ${key} and role = ${role} and content_hash = any(${[...new Set(hashes)]}::text[])
        returning content_hash, vector`;
      const found = new Map(rows.filter((row) => row.vector.byteLength === dim * 4).map((row) => [row.content_hash, toFloats(row.vector)]));
      const missing = [...new Set(hashes.filter((hash) => !found.has(hash)))];
      stats.hits += hashes.length - hashes.filter((hash) => !found.has(hash)).length;
      if (missing.length > 0) {
        const textOf = new Map(texts.map((text, i) => [hashes[i]!, text]));
        for (let i = 0; i < missing.length; i += embedder.batchSize) {
          const slice = missing.slice(i, i + embedder.batchSize);
          const vectors = (await embedder.embed(slice.map((hash) => textOf.get(hash)!), role, signal)) as Float32Array[];
          stats.misses += slice.length;
          slice.forEach((hash, j) => found.set(hash, vectors[j]!));
          const rows = slice.map((hash, j) => ({ space_key: key, role, content_hash: hash, vector: Buffer.from(vectors[j]!.buffer, vectors[j]!.byteOffset, vectors[j]!.byteLength) }));
          await sql`insert into private.embedding_cache ${sql(rows, 'space_key', 'role', 'content_hash', 'vector')} on conflict do nothing`;
        }
      }
      return hashes.map((hash) => found.get(hash)!) as Vector[];
    },
  };
}

function toFloats(bytes: Buffer): Float32Array {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float32Array(copy.buffer);
}

/** Keeps the cache under its bound: the least recently used rows beyond `maxRows` go. */
export async function pruneEmbeddingCache(sql: Sql, maxRows: number): Promise<number> {
  const result = await sql`
    delete from private.embedding_cache where ctid in (
      select ctid from private.embedding_cache order by used_at desc offset ${maxRows})`;
  return result.count;
}
