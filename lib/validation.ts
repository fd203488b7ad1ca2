import { z } from 'zod';
import { AppError } from '@/lib/errors';

// In the browser, zod probes `new Function` when it builds an object schema (its JIT); the
// pages' CSP forbids eval and reports the probe as a violation. Schemas reach the browser
// through this module (imported before they are built), so the probe is switched off here.
if (typeof window !== 'undefined') z.config({ jitless: true });

/**
 * A string Postgres can store. `text` refuses U+0000 (NUL), which JSON, forms and file
 * names can all carry; every free-text field of a request is one of these, so a NUL is a
 * field error at the boundary rather than a database error.
 */
export const storableText = () => z.string().refine((value) => !value.includes('\u0000'), 'Remove the NUL character (U+0000): it cannot be stored.');

/** Parses input at a boundary: the value, or a 422 `validation_failed` with field errors. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const { fieldErrors, formErrors } = z.flattenError(result.error);
  throw new AppError('validation_failed', 'Some fields are invalid.', { details: { fieldErrors, formErrors } });
}
