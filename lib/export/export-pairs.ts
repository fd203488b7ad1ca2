import 'server-only';
import type { Fragment, TransactionSql } from 'postgres';
import type { SessionUser } from '@/lib/auth/claims';
import { withRls } from '@/lib/db/rls';
import { AppError } from '@/lib/errors';
import { FLAGS_SQL, pairFilterSql } from '@/lib/review/filter-sql';
import { lineageOf } from '@/lib/runs/lineage';
import { TRAINABLE_REVIEW_STATES } from '@/lib/training/trainable';
import { CONTENT_TYPE, csvLine, CSV_COLUMNS, csvRow, FILE_EXTENSION, jsonlRow, sentenceTransformersRow, type ExportQuery, type ExportRow } from './formats';
import { transactionStream } from './stream';

/** Rows fetched per round trip from the export's cursor. */
const CURSOR_ROWS = 2_000;

const stateClause = (tx: TransactionSql, state: ExportQuery['state']) => {
  switch (state) {
    case 'all':
      return tx``;
    case 'not_rejected':
      return tx`and p.review_state = any(${[...TRAINABLE_REVIEW_STATES]}::text[])`;
    default:
      return tx`and p.review_state = ${state}`;
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
    // Resolved once in the export's snapshot: every part of a multi-part file reads the same pairs.
    const { where } = await pairFilterSql(tx, runs, filter);
    const matching = tx`${where} ${stateClause(tx, state)}`;
    const pairs = () => tx<ExportRow[]>`
      select p.id::int as id, p.run_id, p.chunk_id, c.document_id, d.title as document_title, p.ordinal, p.question, c.content as passage,
             p.review_state, p.created_at, p.updated_at, s.pair_id is not null as checked, s.bm25_rank, s.embedding_rank,
             s.duplicate_of::int as duplicate_of, ${tx.unsafe(FLAGS_SQL)} as flags, n.id as negative_chunk_id, n.content as negative
      from public.pairs p
      join public.chunks c on c.id = p.chunk_id join public.documents d on d.id = c.document_id
      left join public.pair_signals s on s.pair_id = p.id
      left join public.chunks n on n.id = s.hard_negative_chunk_id
      where ${matching}
      order by p.id`.cursor(CURSOR_ROWS);
    const each = async (line: (row: ExportRow) => string) => {
      for await (const rows of pairs()) {
        let text = '';
        for (const row of rows) text += line(row);
        await write(text);
      }
    };
    switch (format) {
      case 'sentence-transformers':
        return each(sentenceTransformersRow);
      case 'jsonl':
        return each(jsonlRow);
      case 'csv':
        await write(csvLine(CSV_COLUMNS));
        return each(csvRow);
      case 'llamaindex':
        return writeLlamaIndex(tx, write, matching, corpus, runs);
    }
  });
  const name = `recall-${runId.slice(0, 8)}-${format}.${FILE_EXTENSION[format]}${gzip ? '.gz' : ''}`;
  return {
    body: gzip ? body.pipeThrough(new CompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>) : body,
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
  write: (text: string) => Promise<void>,
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
