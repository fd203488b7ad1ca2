import { z } from 'zod';
import { AppError } from '@/lib/errors';
import type { PairSort } from './filter';

/** Where a page of pairs ends, for the order it was read in: the next page starts after it. */
const cursorSchema = z.discriminatedUnion('s', [
  z.strictObject({ s: z.literal('id'), id: z.number().int().nonnegative() }),
  z.strictObject({ s: z.enum(['bm25', 'embedding']), r: z.number().int().min(1).max(11), id: z.number().int().nonnegative() }),
]);
export type PairCursor = z.infer<typeof cursorSchema>;

export const encodePairCursor = (cursor: PairCursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url');

/** An opaque cursor back to its position; one from another order, or not one at all, is a 400. */
export function decodePairCursor(cursor: string | null | undefined, sort: PairSort): PairCursor | null {
  if (!cursor) return null;
  let parsed: PairCursor;
  try {
    parsed = cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString()));
  } catch {
    throw new AppError('bad_request', 'The cursor is not valid.');
  }
  if (parsed.s !== sort) throw new AppError('bad_request', `The cursor belongs to another order (${parsed.s}, not ${sort}).`);
  return parsed;
}
