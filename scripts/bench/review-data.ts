import type { Sql } from 'postgres';

/** Forty words the bench's passages and questions are made of, so a search matches a known share. */
export const WORDS = [
  'worker', 'cancel', 'proceed', 'chunk', 'batch', 'adapter', 'corpus', 'lineage', 'review', 'export',
  'signal', 'timeline', 'retry', 'budget', 'latency', 'queue', 'session', 'invite', 'embedding', 'baseline',
  'passage', 'question', 'training', 'validation', 'split', 'cursor', 'snapshot', 'gzip', 'schema', 'trigger',
  'index', 'filter', 'keyboard', 'duplicate', 'language', 'verbatim', 'threshold', 'provider', 'outage', 'deploy',
] as const;
const WORD_ARRAY = `array[${WORDS.map((w) => `'${w}'`).join(',')}]`;
const word = (expression: string) => `(${WORD_ARRAY})[1 + (${expression}) % ${WORDS.length}]`;

export type ReviewCorpus = { corpusId: string; runId: string; documents: string[]; chunks: number; pairs: number; firstPairId: number };

/**
 * A generated run written with set-based SQL (privileged, as the worker writes): `documents`
 * documents of `chunksPerDocument` distinct passages each and `pairsPerChunk` questions per
 * passage, made of WORDS so that every search and document filter matches a known share.
 * With `signals`, every pair also gets signal rows with fixed shares (30 % BM25 misses, 40 %
 * embedding misses, 2 % duplicates, about 1 % each shape flag).
 */
export async function reviewCorpus(sql: Sql, options: { documents: number; chunksPerDocument: number; pairsPerChunk: number; signals: boolean }): Promise<ReviewCorpus> {
  const [workspace] = await sql<{ id: string }[]>`select id from public.workspaces order by created_at limit 1`;
  const ws = workspace!.id;
  const [corpus] = await sql<{ id: string }[]>`insert into public.corpora (workspace_id, name) values (${ws}, ${`Review bench ${Date.now()}`}) returning id`;
  const documents = await sql<{ id: string }[]>`
    insert into public.documents (workspace_id, corpus_id, title, content, content_hash, byte_size)
    select ${ws}, ${corpus!.id}, 'Handbook part ' || d, 'Bench', md5(${corpus!.id}::text || d), 5 from generate_series(1, ${options.documents}) d
    returning id`;
  await sql`
    insert into public.chunks (workspace_id, corpus_id, document_id, ordinal, content, content_hash, token_count)
    select ${ws}, ${corpus!.id}, d.id, g,
           'Passage ' || g || ' of ' || d.title || '. The ' || ${sql.unsafe(word('g * 7 + d.n'))} || ' keeps every ' || ${sql.unsafe(word('g * 13 + 5'))}
             || ' when the ' || ${sql.unsafe(word('g * 3 + 11'))} || ' fails, and the ' || ${sql.unsafe(word('g + d.n * 17'))} || ' resumes from the true count.',
           md5(d.id::text || g), 30
    from (select id, title, row_number() over (order by id)::int as n from public.documents where corpus_id = ${corpus!.id}) d
    cross join generate_series(0, ${options.chunksPerDocument - 1}) g`;
  const chunks = options.documents * options.chunksPerDocument;
  const pairs = chunks * options.pairsPerChunk;
  const [run] = await sql<{ id: string }[]>`
    insert into public.runs (workspace_id, corpus_id, status, total_chunks, processed_chunks, pair_count, started_at, finished_at, config)
    values (${ws}, ${corpus!.id}, 'generating', ${chunks}, ${chunks}, ${pairs}, now(), now(), '{"generator":"offline","questions_per_chunk":3,"concurrency":8}')
    returning id`;
  await sql`
    insert into public.run_chunks (run_id, chunk_id, workspace_id, state, attempts)
    select ${run!.id}, id, workspace_id, 'done', 1 from public.chunks where corpus_id = ${corpus!.id}`;
  await sql`
    insert into public.pairs (run_id, chunk_id, workspace_id, ordinal, question)
    select ${run!.id}, c.id, c.workspace_id, o,
           'How does the ' || ${sql.unsafe(word('c.ordinal * 7 + o * 3'))} || ' change the ' || ${sql.unsafe(word('c.ordinal * 13 + o + 5'))} || ' in passage ' || c.ordinal || '?'
    from public.chunks c cross join generate_series(0, ${options.pairsPerChunk - 1}) o where c.corpus_id = ${corpus!.id}
    order by c.id, o`;
  // Generation ends: the status trigger asks for signals, as the engine's last transition would.
  await sql`update public.runs set status = 'generated' where id = ${run!.id}`;
  if (options.signals) {
    await sql`
      insert into public.pair_signals (pair_id, run_id, workspace_id, bm25_rank, embedding_rank, embedder, hard_negative_chunk_id, duplicate_of,
        too_short, too_long, not_question, verbatim_words, verbatim, question_language, chunk_language, language_mismatch)
      select p.id, p.run_id, p.workspace_id,
             case when p.id % 10 < 3 then null else 1 + (p.id * 7) % 10 end,
             case when (p.id * 3) % 10 < 4 then null else 1 + (p.id * 11) % 10 end,
             'builtin:bm25-hash:16384', n.chunk_id, case when p.id % 50 = 0 then p.id - 1 end,
             p.id % 97 = 0, p.id % 89 = 0, p.id % 83 = 0, 4, p.id % 79 = 0, 'eng', 'eng', p.id % 73 = 0
      from public.pairs p left join public.pairs n on n.id = p.id + ${options.pairsPerChunk} and n.run_id = p.run_id
      where p.run_id = ${run!.id}`;
    await sql`update public.run_signals set state = 'done', finished_at = now() where run_id = ${run!.id}`;
  }
  await sql`vacuum analyze public.chunks, public.pairs, public.pair_signals`;
  const [first] = await sql<{ id: number }[]>`select min(id)::int as id from public.pairs where run_id = ${run!.id}`;
  return { corpusId: corpus!.id, runId: run!.id, documents: documents.map((d) => d.id), chunks, pairs, firstPairId: first!.id };
}
