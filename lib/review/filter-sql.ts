import 'server-only';
import type { Fragment, Sql, TransactionSql } from 'postgres';
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
 * The pairs of some runs (alias p) matching a filter, as a where-clause. Signals are tested
 * with `exists` on the run's rows so that the planner can walk the signal's partial index;
 * the search is the GIN expression index's own expression.
 */
export function pairFilterSql(sql: Sql | TransactionSql, runs: string | readonly string[], filter: PairFilter): Fragment {
  const runClause = typeof runs === 'string' ? sql`p.run_id = ${runs}` : sql`p.run_id = any(${[...runs]}::uuid[])`;
  const signal = filter.signal;
  return sql`${runClause}
    ${filter.state ? sql`and p.review_state = ${filter.state}` : sql``}
    ${filter.q ? sql`and to_tsvector('simple', p.question) @@ websearch_to_tsquery('simple', ${filter.q})` : sql``}
    ${filter.document_id ? sql`and p.chunk_id in (select id from public.chunks where document_id = ${filter.document_id})` : sql``}
    ${filter.chunk_id ? sql`and p.chunk_id = ${filter.chunk_id}` : sql``}
    ${
      !signal
        ? sql``
        : signal === 'unchecked'
          ? sql`and not exists (select 1 from public.pair_signals s where s.pair_id = p.id)`
          : sql`and exists (select 1 from public.pair_signals s where s.pair_id = p.id and s.run_id = p.run_id and ${sql.unsafe(SIGNAL_PREDICATES[signal])})`
    }`;
}

/** The signals a pair raises, as a text[] (null when not computed), from the same predicates. */
export const FLAGS_SQL = `case when s.pair_id is null then null else array_remove(array[${Object.entries(SIGNAL_PREDICATES)
  .map(([name, predicate]) => `case when ${predicate} then '${name}' end`)
  .join(', ')}]::text[], null) end`;
