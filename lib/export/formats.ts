import { z } from 'zod';
import { pairFilterSchema } from '@/lib/review/filter';

/**
 * The layouts trainers read:
 * - sentence-transformers: JSON lines with `anchor`, `positive` (and `negative`, the best
 *   wrong BM25 chunk, when signals found one), the column order its losses read;
 * - llamaindex: one EmbeddingQAFinetuneDataset JSON (`queries`, `corpus`, `relevant_docs`, `mode`);
 * - csv: one row per pair (RFC 4180);
 * - jsonl: every field of every pair, signals included.
 */
export const EXPORT_FORMATS = ['sentence-transformers', 'llamaindex', 'csv', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Which review states leave: the approved ones (default), all but the rejected (what training uses), every one, or one state. */
export const EXPORT_STATES = ['approved', 'not_rejected', 'all', 'pending', 'rejected'] as const;
export type ExportState = (typeof EXPORT_STATES)[number];

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const exportQuerySchema = pairFilterSchema.omit({ state: true }).extend({
  format: z.enum(EXPORT_FORMATS, { error: `format must be one of ${EXPORT_FORMATS.join(', ')}.` }),
  state: z.enum(EXPORT_STATES, { error: `state must be one of ${EXPORT_STATES.join(', ')}.` }).default('approved'),
  /** The run's whole lineage (default) or this run's pairs only. */
  lineage: flag.default(true),
  gzip: flag.default(false),
  /** llamaindex: the corpus holds the chunks the pairs point to (default) or every chunk of the corpus. */
  corpus: z.enum(['matched', 'all']).default('matched'),
});
export type ExportQuery = z.infer<typeof exportQuerySchema>;

export const FILE_EXTENSION: Record<ExportFormat, string> = { 'sentence-transformers': 'jsonl', llamaindex: 'json', csv: 'csv', jsonl: 'jsonl' };
export const CONTENT_TYPE: Record<ExportFormat, string> = {
  'sentence-transformers': 'application/x-ndjson; charset=utf-8',
  llamaindex: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
  jsonl: 'application/x-ndjson; charset=utf-8',
};

/** One exported pair, as the query reads it. */
export type ExportRow = {
  id: number;
  run_id: string;
  chunk_id: string;
  document_id: string;
  document_title: string;
  ordinal: number;
  question: string;
  passage: string;
  review_state: string;
  created_at: Date;
  updated_at: Date;
  checked: boolean;
  bm25_rank: number | null;
  embedding_rank: number | null;
  duplicate_of: number | null;
  flags: string[] | null;
  negative_chunk_id: string | null;
  negative: string | null;
};

export const CSV_COLUMNS = ['pair_id', 'run_id', 'document_id', 'document_title', 'chunk_id', 'ordinal', 'question', 'passage', 'review_state', 'bm25_rank', 'embedding_rank', 'duplicate_of', 'flags', 'created_at', 'updated_at'] as const;

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
const csvField = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  const text = value instanceof Date ? value.toISOString() : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};
export const csvLine = (values: readonly unknown[]) => `${values.map(csvField).join(',')}\r\n`;

export function csvRow(row: ExportRow): string {
  return csvLine([row.id, row.run_id, row.document_id, row.document_title, row.chunk_id, row.ordinal, row.question, row.passage, row.review_state, row.bm25_rank, row.embedding_rank, row.duplicate_of, row.flags?.join(';') ?? '', row.created_at, row.updated_at]);
}

export function sentenceTransformersRow(row: ExportRow): string {
  return `${JSON.stringify(row.negative ? { anchor: row.question, positive: row.passage, negative: row.negative } : { anchor: row.question, positive: row.passage })}\n`;
}

export function jsonlRow(row: ExportRow): string {
  return `${JSON.stringify({
    pair_id: row.id,
    run_id: row.run_id,
    chunk_id: row.chunk_id,
    document_id: row.document_id,
    document_title: row.document_title,
    ordinal: row.ordinal,
    question: row.question,
    passage: row.passage,
    review_state: row.review_state,
    created_at: row.created_at,
    updated_at: row.updated_at,
    signals: row.checked ? { bm25_rank: row.bm25_rank, embedding_rank: row.embedding_rank, duplicate_of: row.duplicate_of, flags: row.flags ?? [] } : null,
    hard_negative: row.negative_chunk_id && row.negative !== null ? { chunk_id: row.negative_chunk_id, passage: row.negative } : null,
  })}\n`;
}
