import 'server-only';
import type { Sql, TransactionSql } from 'postgres';
import type { CorpusPages } from '@/lib/evaluation/evaluate';

const PAGE = 1_000;

/** A chunk as training and search know it: its number in the stream, its document and place. */
export type ChunkInfo = { id: string; documentId: string; ordinal: number; contentHash: string };

export type CorpusSnapshot = {
  corpus: CorpusPages;
  chunks: ChunkInfo[];
  numberOf: Map<string, number>;
};

/**
 * Every chunk of a corpus, read once to number them (id order) and feed `visit` (corpus
 * statistics), then streamed again page by page as often as needed. Chunks added after the
 * first read are left out; chunks deleted since simply stop appearing.
 */
export async function snapshotCorpus(sql: Sql | TransactionSql, corpusId: string, visit: (texts: string[]) => void, signal?: AbortSignal): Promise<CorpusSnapshot> {
  const chunks: ChunkInfo[] = [];
  for await (const rows of pagesOf(sql, corpusId, signal)) {
    for (const row of rows) chunks.push({ id: row.id, documentId: row.document_id, ordinal: row.ordinal, contentHash: row.content_hash });
    visit(rows.map((row) => row.content));
  }
  const numberOf = new Map(chunks.map((chunk, i) => [chunk.id, i]));
  return {
    chunks,
    numberOf,
    corpus: {
      size: chunks.length,
      async *pages(pageSignal) {
        for await (const rows of pagesOf(sql, corpusId, pageSignal ?? signal)) {
          const known = rows.filter((row) => numberOf.has(row.id));
          yield { chunks: known.map((row) => numberOf.get(row.id)!), texts: known.map((row) => row.content), hashes: known.map((row) => row.content_hash) };
        }
      },
    },
  };
}

type Row = { id: string; document_id: string; ordinal: number; content: string; content_hash: string };

async function* pagesOf(sql: Sql | TransactionSql, corpusId: string, signal?: AbortSignal): AsyncGenerator<Row[]> {
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    signal?.throwIfAborted();
    const rows = await sql<Row[]>`
      select id, document_id, ordinal, content, content_hash from public.chunks
      where corpus_id = ${corpusId} and id > ${after} order by id limit ${PAGE}`;
    if (rows.length === 0) return;
    yield rows;
    after = rows.at(-1)!.id;
    if (rows.length < PAGE) return;
  }
}

/** Texts of some chunks by number (the passages a trainer holds), read in slices. */
export async function chunkTexts(sql: Sql, snapshot: CorpusSnapshot, numbers: readonly number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (let i = 0; i < numbers.length; i += 2_000) {
    const ids = numbers.slice(i, i + 2_000).map((n) => snapshot.chunks[n]!.id);
    const rows = await sql<{ id: string; content: string }[]>`select id, content from public.chunks where id = any(${ids}::uuid[])`;
    for (const row of rows) out.set(snapshot.numberOf.get(row.id)!, row.content);
  }
  return out;
}
