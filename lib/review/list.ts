import 'server-only';
import type { SessionUser } from '@/lib/auth/claims';
import { withRls } from '@/lib/db/rls';
import { AppError } from '@/lib/errors';
import { decodePairCursor, encodePairCursor, type PairCursor } from './cursor';
import type { PairFilter, PairSort } from './filter';
import { pairFilterSql } from './filter-sql';
import type { PairSignalsView } from './signal-kinds';
import type { ReviewState } from './states';

export type { PairSignalsView } from './signal-kinds';


export type ReviewPair = {
  id: number;
  chunk_id: string;
  document_id: string;
  document_title: string;
  ordinal: number;
  question: string;
  review_state: ReviewState;
  excerpt: string;
  signals: PairSignalsView | null;
};

type Row = Omit<ReviewPair, 'signals'> & Partial<PairSignalsView> & { checked: boolean; sort_rank: number | null };

const SIGNAL_COLUMNS = `s.bm25_rank, s.embedding_rank, s.duplicate_of::int as duplicate_of, s.too_short, s.too_long, s.not_question,
  s.verbatim_words, s.verbatim, s.question_language, s.chunk_language, s.language_mismatch, s.pair_id is not null as checked`;

/**
 * A page of a run's pairs, filtered and sorted, with each chunk's excerpt and the pair's
 * signals. Keyset-paginated (by id, or by a signal's rank then id, each with its index), so a
 * page costs the same at the millionth pair as at the first.
 */
export async function listPairs(
  user: SessionUser,
  runId: string,
  options: { filter: PairFilter; sort: PairSort; cursor?: string | null; limit?: number },
): Promise<{ pairs: ReviewPair[]; next_cursor: string | null }> {
  const limit = Math.min(Math.max(options.limit ?? 100, 1), 500);
  const after = decodePairCursor(options.cursor, options.sort);
  return withRls(user.claims, async (tx) => {
    const [run] = await tx`select 1 from public.runs where id = ${runId}`;
    if (!run) throw new AppError('not_found', 'Run not found.');
    const byRank = options.sort !== 'id';
    const rank = options.sort === 'bm25' ? 's.bm25_rank' : 's.embedding_rank';
    const rankKey = tx.unsafe(`coalesce(${rank}, 11)`);
    const { where } = await pairFilterSql(tx, runId, options.filter);
    const rows = await tx<Row[]>`
      select p.id::int as id, p.chunk_id, c.document_id, d.title as document_title, p.ordinal, p.question, p.review_state,
             left(c.content, 280) as excerpt, ${tx.unsafe(SIGNAL_COLUMNS)}, ${byRank ? rankKey : tx`null::int`} as sort_rank
      from public.pairs p
      ${byRank ? tx`join` : tx`left join`} public.pair_signals s on s.pair_id = p.id
      join public.chunks c on c.id = p.chunk_id join public.documents d on d.id = c.document_id
      where ${where}
        ${after === null ? tx`` : after.s === 'id' ? tx`and p.id > ${after.id}` : tx`and (${rankKey}, s.pair_id) < (${after.r}::int, ${after.id}::bigint)`}
      order by ${byRank ? tx`${rankKey} desc, s.pair_id desc` : tx`p.id`}
      limit ${limit + 1}`;
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const next: PairCursor | null = rows.length > limit && last ? (byRank ? { s: options.sort as 'bm25' | 'embedding', r: last.sort_rank!, id: last.id } : { s: 'id', id: last.id }) : null;
    return { pairs: page.map(toView), next_cursor: next ? encodePairCursor(next) : null };
  });
}

function toView(row: Row): ReviewPair {
  const { checked, sort_rank: _rank, bm25_rank, embedding_rank, duplicate_of, too_short, too_long, not_question, verbatim_words, verbatim, question_language, chunk_language, language_mismatch, ...pair } = row;
  return {
    ...pair,
    signals: checked
      ? { bm25_rank: bm25_rank ?? null, embedding_rank: embedding_rank ?? null, duplicate_of: duplicate_of ?? null, too_short: too_short!, too_long: too_long!, not_question: not_question!, verbatim_words: verbatim_words!, verbatim: verbatim!, question_language: question_language ?? null, chunk_language: chunk_language ?? null, language_mismatch: language_mismatch! }
      : null,
  };
}

/** How many pairs a filter matches (and how many of them a bulk action would change). */
export async function countPairs(user: SessionUser, runId: string, filter: PairFilter, unlessState?: ReviewState): Promise<number> {
  const [row] = await withRls(user.claims, async (tx) => {
    const { where } = await pairFilterSql(tx, runId, filter);
    return tx<{ n: number }[]>`
      select count(*)::int as n from public.pairs p
      where ${where} ${unlessState ? tx`and p.review_state <> ${unlessState}` : tx``}`;
  });
  return row?.n ?? 0;
}

/** The corpus's documents for the table's document filter (the first 500 by title). */
export async function documentOptions(user: SessionUser, corpusId: string): Promise<{ id: string; title: string }[]> {
  return withRls(user.claims, (tx) => tx<{ id: string; title: string }[]>`
    select id, title from public.documents where corpus_id = ${corpusId} order by title, id limit 500`);
}
