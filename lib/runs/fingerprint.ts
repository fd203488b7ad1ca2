import 'server-only';
import type { TransactionSql } from 'postgres';

/**
 * The fingerprint of a run's chunk set: an aggregate over rows with a `chunk_id` column
 * (the snapshot as it is inserted, or the run's run_chunks). Proceeding after the corpus
 * changed compares against it.
 */
export const CHUNK_SET_FINGERPRINT = `md5(string_agg(chunk_id::text, ',' order by chunk_id))`;

/** Takes the fingerprint of the run's chunk set again (after deleted chunks left it). */
export async function refingerprint(tx: TransactionSql, runId: string): Promise<void> {
  await tx`
    update public.runs
    set corpus_fingerprint = (select ${tx.unsafe(CHUNK_SET_FINGERPRINT)} from public.run_chunks where run_id = ${runId})
    where id = ${runId}`;
}
