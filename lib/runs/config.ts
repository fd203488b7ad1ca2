import { z } from 'zod';
import { storableText } from '@/lib/validation';

/** Settings of a run; stored in runs.config and shared by the API, the dashboard and the worker. */
export const runConfigSchema = z.object({
  generator: z.enum(['offline', 'openai']),
  model: storableText().trim().min(1).max(200).optional(),
  questions_per_chunk: z.int().min(1).max(10).default(3),
  concurrency: z.int().min(1).max(64).default(8),
  requests_per_minute: z.int().min(1).max(100_000).optional(),
});
export type RunConfig = z.infer<typeof runConfigSchema>;

export const runConfigInputSchema = runConfigSchema.partial({ generator: true });
export type RunConfigInput = z.input<typeof runConfigInputSchema>;

/** `generator` defaults to the OpenAI-compatible endpoint when one is configured. */
export function resolveRunConfig(input: RunConfigInput | undefined, openaiConfigured: boolean): RunConfig {
  const parsed = runConfigInputSchema.parse(input ?? {});
  const config = runConfigSchema.parse({ ...parsed, generator: parsed.generator ?? (openaiConfigured ? 'openai' : 'offline') });
  return config;
}
