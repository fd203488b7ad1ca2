import { z } from 'zod';

/**
 * A string Postgres can store. `text` refuses U+0000 (NUL), which JSON, forms and file
 * names can all carry; every free-text field of a request is one of these, so a NUL is a
 * field error at the boundary rather than a database error.
 */
export const storableText = () => z.string().refine((value) => !value.includes('\u0000'), 'Remove the NUL character (U+0000): it cannot be stored.');
