import { env } from '@/lib/env';
import type { RunConfig } from '@/lib/runs/config';
import type { Generator } from './generator';
import { createOfflineGenerator } from './offline-generator';
import { createOpenAIGenerator } from './openai-generator';
import type { RateLimiter } from './rate-limiter';

export const DEFAULT_OPENAI_MODEL = 'gpt-4o-mini';

/** Whether an OpenAI-compatible endpoint is configured (then new runs default to it). */
export const openaiConfigured = () => Boolean(env().OPENAI_API_KEY || env().OPENAI_BASE_URL);

/**
 * The generator a run's config asks for. Endpoint and key come from the environment,
 * never from a request; the run's rate limiter (shared by its batches) paces the calls.
 */
export function generatorFor(config: RunConfig, limiter?: RateLimiter): Generator {
  if (config.generator === 'offline') return createOfflineGenerator();
  const e = env();
  return createOpenAIGenerator({
    baseURL: e.OPENAI_BASE_URL,
    apiKey: e.OPENAI_API_KEY,
    model: config.model ?? e.RECALL_LLM_MODEL ?? DEFAULT_OPENAI_MODEL,
    ...(limiter ? { limiter } : {}),
  });
}
