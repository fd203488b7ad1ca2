import 'server-only';
import type { Fragment, TransactionSql } from 'postgres';
import { sqlLiteral } from '@/lib/db/literal';
import type { PairFilter } from './filter';
import type { Signal } from './signal-kinds';

/** Each signal as a predicate on pair_signals s, word for word the partial indexes' (migration 20261203010000). */
export const SIGNAL_PREDICATES: Record<Exclude<Signal, 'unchecked'>, string> = {
  bm25_miss: 's.bm25_rank is null',
  embedding_miss: 's.embedding_rank is null',
  duplicate: 's.duplicate_of is not null',
  too_short: 's.too_short',
  too_long: 's.too_long',
  not_question: 's.not_question',
  verbatim: 's.verbatim',
  language: 's.language_mismatch',
};

/**
 * Above this many matches a search is tested row by row (on the stored words, in the order the
 * query reads) instead of as a list of ids: a common word is found on the first pages anyway.
 */
export const SEARCH_ID_CAP = 2_000;

/**
 * The pairs of some runs (alias p) matching a filter, as a where-clause for the transaction it
 * was made in (it can be used in several of its statements). Wrapped in an object: a
 * postgres.js fragment is thenable, and awaiting one would run it.
 *
 * The search is resolved first, through private.pairs_matching: under RLS, Postgres will not
 * use a text-search index (the operator is not leakproof, so the policies run first), and a
 * search matching few pairs would read every pair of the run. The function reads the run's
 * matches from the index; a common word (more than SEARCH_ID_CAP matches) is left to the
 * row-by-row test, which finds a page quickly precisely because so many pairs match.
 *
 * Signals are tested with `exists` on the run's rows so that the planner can walk the
 * signal's partial index.
 */
export async function pairFilterSql(
  tx: TransactionSql,
  runs: string | readonly string[],
  filter: PairFilter,
  options: { literals?: boolean } = {},
): Promise<{ where: Fragment }> {
  // Values as parameters, or written in as literals for COPY, which takes no parameters.
  const v = (value: string | number | readonly (string | number)[]) => (options.literals ? tx.unsafe(sqlLiteral(value)) : tx`${value as string}`);
  const runList = typeof runs === 'string' ? [runs] : [...runs];
  const runClause = typeof runs === 'string' ? tx`p.run_id = ${v(runs)}::uuid` : tx`p.run_id = any(${v(runList)}::uuid[])`;
  let search = tx``;
  if (filter.q) {
    const [match] = await tx<{ ids: string[] | null }[]>`select private.pairs_matching(${runList}::uuid[], ${filter.q}, ${SEARCH_ID_CAP}) as ids`;
    const ids = match!.ids;
    search = ids ? tx`and p.id = any(${v(ids)}::bigint[])` : tx`and p.question_tsv @@ websearch_to_tsquery('simple', ${v(filter.q)})`;
  }
  const signal = filter.signal;
  const where = tx`${runClause}
    ${filter.state ? tx`and p.review_state = ${v(filter.state)}` : tx``}
    ${search}
    ${filter.document_id ? tx`and p.chunk_id in (select id from public.chunks where document_id = ${v(filter.document_id)}::uuid)` : tx``}
    ${filter.chunk_id ? tx`and p.chunk_id = ${v(filter.chunk_id)}::uuid` : tx``}
    ${
      !signal
        ? tx``
        : signal === 'unchecked'
          ? tx`and not exists (select 1 from public.pair_signals s where s.pair_id = p.id)`
          : tx`and exists (select 1 from public.pair_signals s where s.pair_id = p.id and s.run_id = p.run_id and ${tx.unsafe(SIGNAL_PREDICATES[signal])})`
    }`;
  return { where };
}

/** The signals a pair raises, as a text[] (null when not computed), from the same predicates. */
export const FLAGS_SQL = `case when s.pair_id is null then null else array_remove(array[${Object.entries(SIGNAL_PREDICATES)
  .map(([name, predicate]) => `case when ${predicate} then '${name}' end`)
  .join(', ')}]::text[], null) end`;
