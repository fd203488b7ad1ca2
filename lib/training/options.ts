import { z } from 'zod';
import { storableText } from '@/lib/validation';

/**
 * What an admin chooses when training (the Train dialog, POST /api/runs/{id}/train): the
 * embedding model (built-in, or the configured OpenAI-compatible endpoint's), the trainer
 * (this worker, or the configured external service) and the passes over the pairs.
 */
export const trainingOptionsSchema = z
  .object({
    embedder: z.enum(['builtin', 'openai']).default('builtin'),
    /** The OpenAI-compatible embedding model (default RECALL_EMBEDDING_MODEL). */
    model: storableText().trim().min(1).max(200).optional(),
    trainer: z.enum(['local', 'remote']).default('local'),
    epochs: z.int('Use a whole number.').min(1, 'At least 1.').max(50, 'At most 50.').default(6),
  })
  .strict();
export type TrainingOptions = z.infer<typeof trainingOptionsSchema>;
export type TrainingOptionsInput = z.input<typeof trainingOptionsSchema>;
