import { z } from 'zod';
import { storableText } from '@/lib/validation';

export const corpusNameSchema = storableText().trim().min(1, 'Give the corpus a name.').max(200, 'Use at most 200 characters.');

export const createCorpusSchema = z
  .object({
    name: corpusNameSchema,
    workspace_id: z.uuid('Not a workspace id.').optional(),
    chunk_size: z.int().min(64).max(8192).default(512),
    chunk_overlap: z.int().min(0).max(4096).default(64),
  })
  .refine((v) => v.chunk_overlap < v.chunk_size, { path: ['chunk_overlap'], message: 'Overlap must be smaller than the chunk size.' });
export type CreateCorpusInput = z.infer<typeof createCorpusSchema>;

export const documentTitleSchema = storableText().trim().min(1, 'Give the document a title.').max(500, 'Use at most 500 characters.');

export const addDocumentSchema = z.object({
  title: documentTitleSchema,
  text: z.string(),
});
export type AddDocumentInput = z.infer<typeof addDocumentSchema>;

/** Largest document accepted, in bytes of UTF-8. */
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;
export const ACCEPTED_EXTENSIONS = ['.md', '.markdown', '.txt'] as const;
