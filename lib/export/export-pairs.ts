import 'server-only';
import type { Fragment, TransactionSql } from 'postgres';
import type { SessionUser } from '@/lib/auth/claims';
import { sqlLiteral } from '@/lib/db/literal';
import { withRls } from '@/lib/db/rls';
import { AppError } from '@/lib/errors';
import { FLAGS_SQL, pairFilterSql } from '@/lib/review/filter-sql';
import { lineageOf } from '@/lib/runs/lineage';
import { TRAINABLE_REVIEW_STATES } from '@/lib/training/trainable';
import { CONTENT_TYPE, CSV_COLUMNS, FILE_EXTENSION, type ExportQuery } from './formats';
import { transactionStream } from './stream';

/** Rows fetched per round trip from the export's cursor (LlamaIndex's sections). */
const CURSOR_ROWS = 2_000;

/**
 * Rows are rendered by Postgres and streamed with COPY: Node only passes bytes on, at close to
 * the speed Postgres writes them (parsing every field into JavaScript and serialising it again
 * ran at a third of that; npm run bench). A JSON line has no raw control characters (JSON
 * escapes them), so COPY's CSV mode with quote and delimiter characters that cannot occur
 * writes each line as it is.
 */
const LINES = 'with (format csv, quote e\'\\x01\', delimiter e\'\\x02\')';

const PAIRS_FROM = (tx: TransactionSql, matching: Fragment) => tx`
  from public.pairs p
  join public.chunks c on c.id = p.chunk_id join public.documents d on d.id = c.document_id
  left join public.pair_signals s on s.pair_id = p.id
  left join public.chunks n on n.id = s.hard_negative_chunk_id
  where ${matching}
  order by p.id`;

/** jsonl: every field; signals null until computed; the hard negative where signals found one. */
const JSONL_LINE = `json_build_object(
  'pair_id', p.id, 'run_id', p.run_id, 'chunk_id', p.chunk_id, 'document_id', c.document_id, 'document_title', d.title,
  'ordinal', p.ordinal, 'question', p.question, 'passage', c.content, 'review_state', p.review_state,
  'created_at', p.created_at, 'updated_at', p.updated_at,
  'signals', case when s.pair_id is null then null else json_build_object(
    'bm25_rank', s.bm25_rank, 'embedding_rank', s.embedding_rank, 'duplicate_of', s.duplicate_of, 'flags', ${FLAGS_SQL}) end,
  'hard_negative', case when n.id is null then null else json_build_object('chunk_id', n.id, 'passage', n.content) end)`;

/** sentence-transformers: anchor, positive, and negative (the best wrong BM25 chunk) where found. */
const SENTENCE_TRANSFORMERS_LINE = `case when n.id is null then json_build_object('anchor', p.question, 'positive', c.content)
  else json_build_object('anchor', p.question, 'positive', c.content, 'negative', n.content) end`;

const CSV_EXPRESSIONS: Record<(typeof CSV_COLUMNS)[number], string> = {
  pair_id: 'p.id', run_id: 'p.run_id', document_id: 'c.document_id', document_title: 'd.title', chunk_id: 'p.chunk_id', ordinal: 'p.ordinal',
  question: 'p.question', passage: 'c.content', review_state: 'p.review_state', bm25_rank: 's.bm25_rank', embedding_rank: 's.embedding_rank',
  duplicate_of: 's.duplicate_of', flags: `array_to_string(${FLAGS_SQL}, ';')`,
  created_at: `to_json(p.created_at) #>> '{}'`, updated_at: `to_json(p.updated_at) #>> '{}'`,
};
/** csv (RFC 4180 quoting, LF line ends): the header names the columns in CSV_COLUMNS order. */
const CSV_SELECT = CSV_COLUMNS.map((column) => `${CSV_EXPRESSIONS[column]} as ${column}`).join(', ');

/** Writes a COPY … TO STDOUT into the response, in pieces, waiting whenever the client is slower. */
async function copyOut(tx: TransactionSql, write: (piece: string | Uint8Array) => Promise<void>, copy: ReturnType<TransactionSql['unsafe']>) {
  for await (const chunk of await copy.readable()) await write(chunk as Uint8Array);
}

/** Which review states leave; written as literals, as the filter is (COPY takes no parameters). */
const stateClause = (tx: TransactionSql, state: ExportQuery['state']) => {
  switch (state) {
    case 'all':
      return tx``;
    case 'not_rejected':
      return tx`and p.review_state = any(${tx.unsafe(sqlLiteral([...TRAINABLE_REVIEW_STATES]))}::text[])`;
    default:
      return tx`and p.review_state = ${tx.unsafe(sqlLiteral(state))}`;
  }
};

/**
 * A run's pairs in a trainer's layout, streamed from a server-side cursor in one snapshot:
 * constant memory at any size, and the same pairs in every part of a multi-part file.
 */
export async function exportPairs(user: SessionUser, runId: string, query: ExportQuery): Promise<{ body: ReadableStream<Uint8Array>; headers: Record<string, string> }> {
  const runs = await withRls(user.claims, async (tx) => {
    const [run] = await tx`select 1 from public.runs where id = ${runId}`;
    if (!run) throw new AppError('not_found', 'Run not found.');
    return query.lineage ? lineageOf(tx, runId) : [runId];
  });
  const { format, state, lineage: _lineage, gzip, corpus, ...filter } = query;

  const body = transactionStream(user.claims, async (tx, write) => {
    // Timestamps are written in UTC whatever the database's time zone.
    await tx`set local time zone 'UTC'`;
    // Resolved once in the export's snapshot: every part of a multi-part file reads the same pairs.
    const { where } = await pairFilterSql(tx, runs, filter, { literals: true });
    const matching = tx`${where} ${stateClause(tx, state)}`;
    switch (format) {
      case 'sentence-transformers':
      case 'jsonl':
        return copyOut(tx, write, tx`copy (select ${tx.unsafe(format === 'jsonl' ? JSONL_LINE : SENTENCE_TRANSFORMERS_LINE)} ${PAIRS_FROM(tx, matching)}) to stdout ${tx.unsafe(LINES)}`);
      case 'csv':
        return copyOut(tx, write, tx`copy (select ${tx.unsafe(CSV_SELECT)} ${PAIRS_FROM(tx, matching)}) to stdout (format csv, header)`);
      case 'llamaindex':
        return writeLlamaIndex(tx, write, matching, corpus, runs);
    }
  }, { gzip });
  const name = `recall-${runId.slice(0, 8)}-${format}.${FILE_EXTENSION[format]}${gzip ? '.gz' : ''}`;
  return {
    body,
    headers: {
      'content-type': gzip ? 'application/gzip' : CONTENT_TYPE[format],
      'content-disposition': `attachment; filename="${name}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  };
}

/**
 * LlamaIndex's EmbeddingQAFinetuneDataset, one JSON object written in three passes over the
 * same snapshot (queries, then the chunks they point to, then which chunk answers which), so
 * it is never held whole.
 */
async function writeLlamaIndex(
  tx: TransactionSql,
  write: (piece: string | Uint8Array) => Promise<void>,
  matching: Fragment,
  corpus: ExportQuery['corpus'],
  runs: string[],
) {
  const section = async (head: string, rows: AsyncIterable<{ key: string; value: string }[]>) => {
    await write(head);
    let first = true;
    for await (const page of rows) {
      let text = '';
      for (const { key, value } of page) {
        text += `${first ? '' : ','}${JSON.stringify(key)}:${value}`;
        first = false;
      }
      await write(text);
    }
  };
  await section('{"queries":{', tx<{ key: string; value: string }[]>`
    select p.id::text as key, to_json(p.question)::text as value from public.pairs p where ${matching} order by p.id`.cursor(CURSOR_ROWS));
  const chunks =
    corpus === 'all'
      ? tx<{ key: string; value: string }[]>`
          select c.id::text as key, to_json(c.content)::text as value from public.chunks c
          where c.corpus_id = (select corpus_id from public.runs where id = ${runs[0]!}) order by c.id`
      : tx<{ key: string; value: string }[]>`
          select c.id::text as key, to_json(c.content)::text as value from public.chunks c
          where c.id in (select p.chunk_id from public.pairs p where ${matching}) order by c.id`;
  await section('},"corpus":{', chunks.cursor(CURSOR_ROWS));
  await section('},"relevant_docs":{', tx<{ key: string; value: string }[]>`
    select p.id::text as key, json_build_array(p.chunk_id)::text as value from public.pairs p where ${matching} order by p.id`.cursor(CURSOR_ROWS));
  await write('},"mode":"text"}');
}
