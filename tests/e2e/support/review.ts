import { expect, type APIRequestContext } from '@playwright/test';
import type { Sql } from 'postgres';
import { createCorpus, paragraphs } from './api';

/**
 * A generated run over a fresh corpus, its pairs written straight to the tables with known
 * questions: per chunk one about its own note (found by search), one question repeated in
 * every chunk (duplicates), and "Why?" on every third chunk (too short). The app's own worker
 * then computes the signals; this waits for it.
 */
export async function seedReviewedRun(request: APIRequestContext, sql: Sql, name: string) {
  const corpus = await createCorpus(request, `${name} ${Date.now()}`, paragraphs(name, 12));
  const [run] = await sql<{ id: string }[]>`
    insert into public.runs (workspace_id, corpus_id, status, total_chunks, processed_chunks, pair_count, started_at, heartbeat_at)
    select workspace_id, id, 'generating', ${corpus.chunks}, ${corpus.chunks}, 0, now(), now() + interval '1 minute' from public.corpora where id = ${corpus.id}
    returning id`;
  const runId = run!.id;
  await sql`insert into public.run_chunks (run_id, chunk_id, workspace_id, state, attempts)
            select ${runId}, id, workspace_id, 'done', 1 from public.chunks where corpus_id = ${corpus.id}`;
  await sql`
    insert into public.pairs (run_id, chunk_id, workspace_id, ordinal, question)
    select ${runId}, c.id, c.workspace_id, q.o, q.text
    from (select id, workspace_id, row_number() over (order by ordinal) - 1 as n from public.chunks where corpus_id = ${corpus.id}) c
    cross join lateral (values
      (0, 'What does ' || ${name} || ' note ' || c.n || ' say about the finished chunks?'),
      (1, 'How do workers heartbeat and open the circuit breaker?'),
      (2, case when c.n % 3 = 0 then 'Why?' end)) q(o, text)
    where q.text is not null`;
  // Generation ends as the engine ends it: the status change asks for signals.
  await sql`update public.runs set status = 'generated', finished_at = now(), pair_count = (select count(*) from public.pairs where run_id = ${runId}) where id = ${runId}`;
  await expect.poll(async () => (await sql<{ state: string }[]>`select state from public.run_signals where run_id = ${runId}`)[0]?.state, { timeout: 60_000 }).toBe('done');
  const [counts] = await sql<{ pairs: number; duplicates: number; short: number }[]>`
    select count(*)::int as pairs, count(*) filter (where s.duplicate_of is not null)::int as duplicates, count(*) filter (where s.too_short)::int as short
    from public.pairs p join public.pair_signals s on s.pair_id = p.id where p.run_id = ${runId}`;
  return { runId, corpusId: corpus.id, headers: corpus.headers, chunks: corpus.chunks, counts: counts! };
}
