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

/** The CSV's columns, in order (the header row). */
export const CSV_COLUMNS = ['pair_id', 'run_id', 'document_id', 'document_title', 'chunk_id', 'ordinal', 'question', 'passage', 'review_state', 'bm25_rank', 'embedding_rank', 'duplicate_of', 'flags', 'created_at', 'updated_at'] as const;
