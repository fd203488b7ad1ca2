import 'server-only';
import type { Sql, TransactionSql } from 'postgres';
import { ENGINE } from './settings';

type Db = Sql | TransactionSql;

/**
 * Batch numbering. A run's chunks are numbered into batches when they are snapshotted (in
 * chunk order, ENGINE.batchSize a batch), and the coordinator hands batches out by moving
 * runs.batch_cursor: one small write per batch, none per chunk. Numbers come from
 * runs.batch_seq and are never reused, so neither are job ids.
 */

/** SQL for a chunk's batch number from its 0-based position in the snapshot. */
export const BATCH_OF_POSITION = `((row_number() over (order by c.id) - 1) / ${ENGINE.batchSize})::int`;

/** Batches needed for `chunks` chunks. */
export const batchesFor = (chunks: number) => Math.ceil(chunks / ENGINE.batchSize);

/**
 * A batch whose job ended with chunks still pending (its worker stopped, its retries ran out):
 * those chunks get a fresh batch number, which the coordinator hands to a new job.
 */
export async function releaseBatch(db: Db, runId: string, batchNo: number): Promise<void> {
  await db`
    with leftover as (
      select 1 from public.run_chunks where run_id = ${runId} and batch_no = ${batchNo} and state = 'pending' limit 1),
    seq as (
      update public.runs set batch_seq = batch_seq + 1
      where id = ${runId} and exists (select 1 from leftover)
      returning batch_seq - 1 as batch_no)
    update public.run_chunks set batch_no = (select batch_no from seq)
    where run_id = ${runId} and batch_no = ${batchNo} and state = 'pending' and exists (select 1 from seq)`;
}

/**
 * Numbers the run's pending chunks that have no batch (failed chunks sent back by a retry),
 * compactly in chunk order. Call with the run's row locked (inside a transition).
 */
export async function numberUnassigned(tx: TransactionSql, runId: string): Promise<number> {
  // Cheap first look (the pending index): a run of a million chunks usually has nothing to number.
  const [any] = await tx`select 1 from public.run_chunks where run_id = ${runId} and state = 'pending' and batch_no is null limit 1`;
  if (!any) return 0;
  const [row] = await tx<{ n: number }[]>`
    with todo as (
      select chunk_id, ((row_number() over (order by chunk_id) - 1) / ${ENGINE.batchSize})::int as k
      from public.run_chunks where run_id = ${runId} and state = 'pending' and batch_no is null),
    numbered as (
      update public.run_chunks rc set batch_no = r.batch_seq + todo.k
      from todo, public.runs r
      where rc.run_id = ${runId} and rc.chunk_id = todo.chunk_id and r.id = ${runId}
      returning 1)
    select count(*)::int as n from numbered`;
  const count = row?.n ?? 0;
  if (count > 0) await tx`update public.runs set batch_seq = batch_seq + ${batchesFor(count)} where id = ${runId}`;
  return count;
}
