import type { Sql } from 'postgres';
import { seedCorpus } from '../support/corpus';

/**
 * A generated run written straight to the tables: `chunks` chunks over two documents, each
 * with `perChunk` pairs whose questions are given by `question(chunk, ordinal)`.
 */
export async function seedReviewRun(
  sql: Sql,
  workspace: string,
  options: { chunks: number; perChunk: number; question?: (chunk: number, ordinal: number) => string; parentRunId?: string; corpusId?: string; status?: string },
) {
  const corpusId = options.corpusId ?? (await seedCorpus(sql, workspace, { chunks: options.chunks, documents: 2 })).corpusId;
  const chunks = await sql<{ id: string; document_id: string; n: number }[]>`
    select id, document_id, (row_number() over (order by document_id, ordinal) - 1)::int as n from public.chunks where corpus_id = ${corpusId} order by document_id, ordinal`;
  const [run] = await sql<{ id: string }[]>`
    insert into public.runs (workspace_id, corpus_id, status, total_chunks, processed_chunks, pair_count, parent_run_id, started_at, finished_at)
    values (${workspace}, ${corpusId}, ${options.status ?? 'generated'}, ${chunks.length}, ${chunks.length}, ${chunks.length * options.perChunk}, ${options.parentRunId ?? null}, now(), now())
    returning id`;
  await sql`
    insert into public.run_chunks (run_id, chunk_id, workspace_id, state, attempts)
    select ${run!.id}, id, workspace_id, 'done', 1 from public.chunks where corpus_id = ${corpusId}`;
  const question = options.question ?? ((c: number, o: number) => `What does part ${c} say about point ${o}?`);
  const rows = chunks.flatMap((chunk) => Array.from({ length: options.perChunk }, (_, o) => ({ run_id: run!.id, chunk_id: chunk.id, workspace_id: workspace, ordinal: o, question: question(chunk.n, o) })));
  await sql`insert into public.pairs ${sql(rows, 'run_id', 'chunk_id', 'workspace_id', 'ordinal', 'question')}`;
  return { runId: run!.id, corpusId, chunks };
}

export async function statesOf(sql: Sql, runId: string): Promise<Map<number, string>> {
  const rows = await sql<{ id: number; review_state: string }[]>`select id::int as id, review_state from public.pairs where run_id = ${runId} order by id`;
  return new Map(rows.map((r) => [r.id, r.review_state]));
}
