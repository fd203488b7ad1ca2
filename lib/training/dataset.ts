import 'server-only';
import type { Sql, TransactionSql } from 'postgres';
import { TRAINABLE_REVIEW_STATES } from './trainable';

/** Pairs of the lineage that training may use: everything an admin did not reject (TRAINABLE_REVIEW_STATES). */
const trainablePairs = (sql: Sql | TransactionSql, runIds: string[]) =>
  sql`public.pairs where run_id = any(${runIds}::uuid[]) and review_state = any(${[...TRAINABLE_REVIEW_STATES]}::text[])`;

export async function countTrainablePairs(sql: Sql | TransactionSql, runIds: string[]): Promise<number> {
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from ${trainablePairs(sql, runIds)}`;
  return row!.n;
}

export type TrainablePair = { id: string; question: string; chunk_id: string };

/** Every trainable pair of the lineage, in a stable order (a hash of the pair id), so caps take a deterministic sample. */
export async function loadTrainablePairs(sql: Sql, runIds: string[]): Promise<TrainablePair[]> {
  return sql<TrainablePair[]>`select id::text, question, chunk_id from ${trainablePairs(sql, runIds)} order by md5(id::text)`;
}
