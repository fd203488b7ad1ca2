import 'server-only';
import type { Sql, TransactionSql } from 'postgres';

/** When the corpus last gained a chunk: a lineage whose head started before that has something to continue over. */
export async function newestChunkAt(sql: Sql | TransactionSql, corpusId: string): Promise<Date | null> {
  const [row] = await sql<{ at: Date | null }[]>`select max(created_at) as at from public.chunks where corpus_id = ${corpusId}`;
  return row?.at ?? null;
}
