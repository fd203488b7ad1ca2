import 'server-only';
import type { Sql, TransactionSql } from 'postgres';
import { AppError } from '@/lib/errors';
import { RUN_COLUMNS, type RunRow } from './run-row';
import { statusName } from './status';

/**
 * blocksCorpus() (lib/runs/available-actions.ts) in SQL: the predicate of the partial unique
 * index runs_one_unfinished_per_corpus, which makes a second unfinished run impossible.
 */
export const BLOCKING_RUN_SQL = `status <> 'completed' and continued_at is null`;

/** The run that keeps the corpus from starting another, if any. */
export async function blockingRunOf(sql: Sql | TransactionSql, corpusId: string): Promise<RunRow | undefined> {
  const [run] = await sql<RunRow[]>`
    select ${sql.unsafe(RUN_COLUMNS)} from public.runs where corpus_id = ${corpusId} and ${sql.unsafe(BLOCKING_RUN_SQL)} limit 1`;
  return run;
}

/** The 409 of a second run on a corpus, naming the run that blocks it. */
export function blockedError(run: Pick<RunRow, 'id' | 'status'>): AppError {
  return new AppError('run_blocked', `This corpus already has an unfinished run (${statusName(run.status)}): finish, proceed or remove it first.`, {
    fields: { blocking_run_id: run.id, blocking_run_status: run.status },
  });
}
