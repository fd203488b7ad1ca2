import 'server-only';
import type { Sql } from 'postgres';
import { createStatisticsBuilder } from '@/lib/embeddings/builtin';
import { createBm25StatisticsBuilder } from '@/lib/evaluation/bm25';
import { lineageOf } from '@/lib/runs/lineage';
import { snapshotCorpus } from '@/lib/training/corpus';
import { trainingOptionsSchema } from '@/lib/training/options';
import { embedPages } from '@/lib/training/prepare';
import { embedderFor } from '@/lib/training/select';
import { SIGNAL_PREDICATES } from '../filter-sql';
import { nearDuplicates } from './duplicates';
import { roundTrip } from './round-trip';
import { SIGNALS_JOB } from './settings';
import { languageOf, shapeOf } from './shape';


/** Exact duplicates compare on this text; lib/review/signals/duplicates.ts normalizeQuestion is the same in JavaScript. */
const NORMALISED_SQL = `btrim(regexp_replace(lower(normalize(question, NFKC)), '[^[:alnum:]]+', ' ', 'g'))`;

type PairRow = { id: number; chunk_id: string; question: string; content: string; checked: boolean };

/**
 * Computes a run's pair signals: round trip (BM25 and the base embedder over the whole
 * corpus), duplicates (near-identical within a chunk, identical anywhere in the lineage) and
 * shape. Resumable: it walks the run's chunks in order and checks only chunks with a pair
 * that has no signals yet, so a crashed or repeated job does what is left. Written through the
 * worker's privileged connection; users read the results under RLS.
 */
export async function computeRunSignals(sql: Sql, runId: string, signal: AbortSignal): Promise<{ checked: number } | null> {
  const [claim] = await sql`
    update public.run_signals rs set state = 'running', started_at = now(), heartbeat_at = now(), pairs_checked = 0, error = null
    from public.runs r
    where rs.run_id = ${runId} and r.id = rs.run_id and rs.state in ('pending', 'running') and r.status not in ('queued', 'generating')
    returning rs.run_id`;
  if (!claim) return null;
  const beat = setInterval(() => void sql`update public.run_signals set heartbeat_at = now() where run_id = ${runId} and state = 'running'`.catch(() => undefined), SIGNALS_JOB.heartbeatMs);
  try {
    const checked = await checkPairs(sql, runId, signal);
    await markDuplicatesInLineage(sql, runId);
    const summary = await summarize(sql, runId);
    // Asked again while this job ran (an edit, new pairs): left pending for another pass.
    await sql`
      update public.run_signals set state = case when requested_at > started_at then 'pending' else 'done' end,
        finished_at = now(), heartbeat_at = null, summary = ${sql.json(summary)}
      where run_id = ${runId}`;
    return { checked };
  } catch (error) {
    if (signal.aborted) throw error;
    await sql`update public.run_signals set state = 'failed', finished_at = now(), heartbeat_at = null, error = ${(error as Error).message.slice(0, 500)} where run_id = ${runId}`;
    throw error;
  } finally {
    clearInterval(beat);
  }
}

async function checkPairs(sql: Sql, runId: string, signal: AbortSignal): Promise<number> {
  const [run] = await sql<{ corpus_id: string; workspace_id: string; training_options: unknown }[]>`
    select corpus_id, workspace_id, training_options from public.runs where id = ${runId}`;
  if (!run) return 0;
  const options = trainingOptionsSchema.parse(run.training_options ?? {});
  const choice = embedderFor(sql, options, signal);
  const statistics = choice.builtin ? createStatisticsBuilder() : null;
  const bm25Builder = createBm25StatisticsBuilder();
  const snapshot = await snapshotCorpus(sql, run.corpus_id, (texts) => {
    statistics?.add(texts);
    bm25Builder.add(texts);
  }, signal);
  const bm25 = bm25Builder.finish();
  const embedder = await choice.create(statistics?.finish() ?? null);
  const vectors = embedPages(embedder);
  const space = `${embedder.space.provider}:${embedder.space.model}:${embedder.space.dim}`;

  let after = '00000000-0000-0000-0000-000000000000';
  let checked = 0;
  for (;;) {
    signal.throwIfAborted();
    const chunkIds = (await sql<{ chunk_id: string }[]>`
      select chunk_id from public.run_chunks where run_id = ${runId} and state = 'done' and chunk_id > ${after}
      order by chunk_id limit ${SIGNALS_JOB.chunksPerPass}`).map((row) => row.chunk_id);
    if (chunkIds.length === 0) return checked;
    after = chunkIds.at(-1)!;
    const rows = await sql<PairRow[]>`
      select p.id::int as id, p.chunk_id, p.question, c.content, s.pair_id is not null as checked
      from public.pairs p join public.chunks c on c.id = p.chunk_id left join public.pair_signals s on s.pair_id = p.id
      where p.run_id = ${runId} and p.chunk_id = any(${chunkIds}::uuid[]) order by p.chunk_id, p.id`;
    // A chunk is checked whole (its pairs are compared with each other) when any of its pairs is new.
    const byChunk = new Map<string, PairRow[]>();
    for (const row of rows) byChunk.set(row.chunk_id, [...(byChunk.get(row.chunk_id) ?? []), row]);
    const todo = [...byChunk.values()].filter((pairs) => pairs.some((p) => !p.checked));
    if (todo.length === 0) continue;
    const pairs = todo.flat();
    const trips = await roundTrip({
      corpus: snapshot.corpus,
      questions: pairs.map((p) => ({ text: p.question, chunk: snapshot.numberOf.get(p.chunk_id) })),
      bm25,
      embedder,
      vectors,
      signal,
    });
    const duplicateOf = new Map<number, number>();
    const languages = new Map<string, string | null>();
    for (const group of todo) {
      for (const [id, keeper] of nearDuplicates(group)) duplicateOf.set(id, keeper);
      languages.set(group[0]!.chunk_id, languageOf(group[0]!.content));
    }
    const records = pairs.map((pair, i) => {
      const trip = trips[i]!;
      const shape = shapeOf(pair.question, { text: pair.content, language: languages.get(pair.chunk_id) ?? null });
      return {
        pair_id: pair.id,
        run_id: runId,
        workspace_id: run.workspace_id,
        bm25_rank: trip.bm25Rank,
        embedding_rank: trip.embeddingRank,
        embedder: space,
        hard_negative_chunk_id: trip.hardNegative === null ? null : snapshot.chunks[trip.hardNegative]!.id,
        duplicate_of: duplicateOf.get(pair.id) ?? null,
        too_short: shape.too_short,
        too_long: shape.too_long,
        not_question: shape.not_question,
        verbatim_words: Math.min(shape.verbatim_words, 32_767),
        verbatim: shape.verbatim,
        question_language: shape.question_language,
        chunk_language: languages.get(pair.chunk_id) ?? null,
        language_mismatch: shape.language_mismatch,
      };
    });
    signal.throwIfAborted();
    // Pairs deleted meanwhile (their document removed) are skipped rather than failing the batch.
    await sql`
      insert into public.pair_signals (pair_id, run_id, workspace_id, bm25_rank, embedding_rank, embedder, hard_negative_chunk_id, duplicate_of,
        too_short, too_long, not_question, verbatim_words, verbatim, question_language, chunk_language, language_mismatch)
      select r.pair_id, r.run_id, r.workspace_id, r.bm25_rank, r.embedding_rank, r.embedder, r.hard_negative_chunk_id, r.duplicate_of,
        r.too_short, r.too_long, r.not_question, r.verbatim_words, r.verbatim, r.question_language, r.chunk_language, r.language_mismatch
      from jsonb_populate_recordset(null::public.pair_signals, ${sql.json(records)}) r
      where exists (select 1 from public.pairs p where p.id = r.pair_id)
      on conflict (pair_id) do update set
        bm25_rank = excluded.bm25_rank, embedding_rank = excluded.embedding_rank, embedder = excluded.embedder,
        hard_negative_chunk_id = excluded.hard_negative_chunk_id, duplicate_of = excluded.duplicate_of, too_short = excluded.too_short,
        too_long = excluded.too_long, not_question = excluded.not_question, verbatim_words = excluded.verbatim_words, verbatim = excluded.verbatim,
        question_language = excluded.question_language, chunk_language = excluded.chunk_language, language_mismatch = excluded.language_mismatch,
        computed_at = now()`;
    checked += records.length;
    await sql`update public.run_signals set pairs_checked = ${checked}, heartbeat_at = now() where run_id = ${runId}`;
  }
}

/** The same question (normalised) anywhere in the lineage: every copy but the earliest is a duplicate of it. */
async function markDuplicatesInLineage(sql: Sql, runId: string) {
  const lineage = await lineageOf(sql, runId);
  await sql`
    update public.pair_signals s set duplicate_of = g.keeper
    from (
      select id, min(id) over (partition by normalised) as keeper
      from (select id, ${sql.unsafe(NORMALISED_SQL)} as normalised from public.pairs where run_id = any(${lineage}::uuid[])) n
    ) g
    where s.pair_id = g.id and s.run_id = ${runId} and g.keeper <> g.id and (s.duplicate_of is null or s.duplicate_of > g.keeper)`;
}

/** How many of the run's pairs each signal flags (the run page's summary). */
async function summarize(sql: Sql, runId: string): Promise<Record<string, number>> {
  const counts = Object.entries(SIGNAL_PREDICATES).map(([name, predicate]) => `count(*) filter (where ${predicate})::int as ${name}`).join(', ');
  const [row] = await sql<Record<string, number>[]>`
    select count(*)::int as checked, ${sql.unsafe(counts)} from public.pair_signals s where s.run_id = ${runId}`;
  return row ?? {};
}
