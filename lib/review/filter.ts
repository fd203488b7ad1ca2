import { z } from 'zod';
import { storableText } from '@/lib/validation';
import { SIGNALS } from './signal-kinds';
import { REVIEW_STATES } from './states';

export const MAX_QUERY_LENGTH = 200;

/**
 * Which pairs of a run: a search over questions, a review state, a document, a chunk, a
 * signal. One schema for the table, the API, bulk decisions and exports, so "the pairs
 * matching this filter" means the same thing everywhere. Unknown keys are refused.
 */
export const pairFilterSchema = z.strictObject({
  q: storableText()
    .trim()
    .max(MAX_QUERY_LENGTH, `A search can be at most ${MAX_QUERY_LENGTH} characters.`)
    .optional(),
  state: z.enum(REVIEW_STATES, { error: `state must be one of ${REVIEW_STATES.join(', ')}.` }).optional(),
  document_id: z.uuid('document_id must be a document id.').optional(),
  chunk_id: z.uuid('chunk_id must be a chunk id.').optional(),
  signal: z.enum(SIGNALS, { error: `signal must be one of ${SIGNALS.join(', ')}.` }).optional(),
});
export type PairFilter = z.infer<typeof pairFilterSchema>;

/** Table orders: generation order, or a round-trip signal worst first (misses, then rank 10 … 1). */
export const PAIR_SORTS = ['id', 'bm25', 'embedding'] as const;
export type PairSort = (typeof PAIR_SORTS)[number];
export const pairSortSchema = z.enum(PAIR_SORTS, { error: `sort must be one of ${PAIR_SORTS.join(', ')}.` }).default('id');

export const BULK_ACTIONS = ['approve', 'reject', 'reset'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

/** The filter as words, for the timeline and the confirm dialog. */
export function describeFilter(filter: PairFilter): string {
  const parts = [
    filter.q && `search “${filter.q}”`,
    filter.state && `state ${filter.state}`,
    filter.document_id && `document ${filter.document_id.slice(0, 8)}`,
    filter.chunk_id && `chunk ${filter.chunk_id.slice(0, 8)}`,
    filter.signal && `signal ${filter.signal}`,
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'every pair of the run';
}

/** The filter's non-empty fields as URL parameters (the page's links, export links). */
export function filterParams(filter: PairFilter): Record<string, string> {
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined && v !== '')) as Record<string, string>;
}

/**
 * A URL's query as a plain object for a strict schema. An empty parameter means "not set" (a
 * GET form sends its blank fields); a repeated one is refused rather than silently dropped.
 */
export function queryObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of params) {
    if (value === '') continue;
    const seen = out[key];
    out[key] = seen === undefined ? value : ([] as string[]).concat(seen, value);
  }
  return out;
}

export const pairListQuerySchema = pairFilterSchema.extend({
  sort: pairSortSchema,
  cursor: z.string().max(200, 'The cursor is not valid.').optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

export const bulkRequestSchema = z.strictObject({
  filter: pairFilterSchema.default({}),
  action: z.enum(BULK_ACTIONS, { error: `action must be one of ${BULK_ACTIONS.join(', ')}.` }),
});
