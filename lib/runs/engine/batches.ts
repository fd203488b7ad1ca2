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
 * those chunks get a fresh batch number, which the coordinator hands to a new job. Only in
 * the epoch the batch belongs to, while the run generates: after a proceed, the same batch
 * number is the new epoch's, and its new job is reading those chunks.
 */
export async function releaseBatch(db: Db, runId: string, epoch: number, batchNo: number): Promise<void> {
  await db`
    with leftover as (
      select 1 from public.run_chunks where run_id = ${runId} and batch_no = ${batchNo} and state = 'pending' limit 1),
    seq as (
      update public.runs set batch_seq = batch_seq + 1
      where id = ${runId} and epoch = ${epoch} and status = 'generating' and exists (select 1 from leftover)
      returning batch_seq - 1 as batch_no)
    update public.run_chunks set batch_no = (select batch_no from seq)
    where run_id = ${runId} and batch_no = ${batchNo} and state = 'pending' and exists (select 1 from seq)`;
}

/**
 * Numbers the run's pending chunks that have no batch (failed chunks sent back by a retry),
 * ENGINE.batchSize at a time in chunk order. Each step is an index lookup and a primary-key
 * update, whatever the run's size. Call with the run's row locked (inside a transition).
 */
export async function numberUnassigned(tx: TransactionSql, runId: string): Promise<number> {
  let numbered = 0;
  for (;;) {
    // Ordered as the pending index is (batch_no, chunk_id), so it is read from that index:
    // ordered by chunk_id alone, the planner walks every chunk of the run instead.
    const ids = (await tx<{ chunk_id: string }[]>`
      select chunk_id from public.run_chunks where run_id = ${runId} and state = 'pending' and batch_no is null
      order by batch_no, chunk_id limit ${ENGINE.batchSize}`).map((row) => row.chunk_id);
    if (ids.length === 0) return numbered;
    await tx`
      with seq as (update public.runs set batch_seq = batch_seq + 1 where id = ${runId} returning batch_seq - 1 as batch_no)
      update public.run_chunks set batch_no = (select batch_no from seq)
      where run_id = ${runId} and chunk_id = any(${ids}::uuid[]) and state = 'pending'`;
    numbered += ids.length;
  }
}
