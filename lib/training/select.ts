import 'server-only';
import type { Sql } from 'postgres';
import { createBuiltinEmbedder, deserializeStatistics } from '@/lib/embeddings/builtin';
import { withEmbeddingCache } from '@/lib/embeddings/cache';
import type { Embedder, EmbeddingSpace } from '@/lib/embeddings/embedder';
import { createOpenAIEmbedder } from '@/lib/embeddings/openai';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { createLocalTrainer } from './local-trainer';
import type { TrainingOptions } from './options';
import { builtinChoice, type EmbedderChoice } from './prepare';
import { TrainerError } from './remote/client';
import { trainerEndpoint } from './remote/availability';
import { createRemoteTrainer } from './remote/trainer';
import type { Trainer } from './trainer';

/** The OpenAI-compatible embeddings endpoint from the environment (base URL and key default to the LLM's). */
export function embeddingEndpoint(model?: string) {
  const e = env();
  const chosen = model ?? e.RECALL_EMBEDDING_MODEL;
  const baseURL = e.RECALL_EMBEDDING_BASE_URL ?? e.OPENAI_BASE_URL;
  const apiKey = e.RECALL_EMBEDDING_API_KEY ?? e.OPENAI_API_KEY;
  return chosen && (baseURL || apiKey) ? { model: chosen, baseURL, apiKey, dimensions: e.RECALL_EMBEDDING_DIMENSIONS } : null;
}

/** Why the OpenAI-compatible embedder cannot be used here, or null when it can. */
export function openaiEmbedderUnavailable(model?: string): string | null {
  if (embeddingEndpoint(model)) return null;
  return 'No OpenAI-compatible embedding model is configured: set RECALL_EMBEDDING_MODEL (and an endpoint: RECALL_EMBEDDING_BASE_URL or OPENAI_BASE_URL / OPENAI_API_KEY).';
}

/** Refuses (422, on the field) options that name an embedder this server cannot use. */
export function assertEmbedderUsable(options: TrainingOptions) {
  if (options.embedder !== 'openai') return;
  const reason = openaiEmbedderUnavailable(options.model);
  if (reason) throw new AppError('validation_failed', reason, { details: { fieldErrors: { embedder: [reason] } } });
}

/** How a training gets its embedder: the built-in one needs the corpus's statistics first; a provider's is cached. */
export function embedderFor(sql: Sql, options: TrainingOptions, signal: AbortSignal): EmbedderChoice {
  if (options.embedder === 'builtin') return builtinChoice;
  return {
    builtin: false,
    create: async () => {
      const endpoint = embeddingEndpoint(options.model);
      if (!endpoint) throw new Error(openaiEmbedderUnavailable(options.model)!);
      return withEmbeddingCache(sql, await createOpenAIEmbedder(endpoint, signal));
    },
  };
}

/** The embedder of a stored adapter's space, rebuilt (search, export). */
export async function embedderOfSpace(space: EmbeddingSpace, spaceData: Buffer | null): Promise<Embedder> {
  if (space.provider === 'builtin' && spaceData) return createBuiltinEmbedder(deserializeStatistics(spaceData));
  const endpoint = space.provider === 'openai' ? embeddingEndpoint(space.model) : null;
  if (!endpoint) throw new AppError('invalid_state', `The adapter's embedding model (${space.model}) is not configured on this server.`);
  return createOpenAIEmbedder({ ...endpoint, dimensions: endpoint.dimensions ?? space.dim });
}

/** The trainer a run trains with: this worker, or the configured external service. */
export function trainerFor(options: TrainingOptions): Trainer {
  if (options.trainer === 'local') return createLocalTrainer();
  const endpoint = trainerEndpoint();
  if (!endpoint) throw new TrainerError('trainer_unreachable', 'No external trainer is configured (RECALL_TRAINER_URL).');
  const e = env();
  return createRemoteTrainer({ endpoint, pollMs: { first: e.RECALL_TRAINER_POLL_MS, max: 30_000 }, deadlineMs: e.RECALL_TRAINER_DEADLINE_S * 1000 });
}
