import 'server-only';
import { BUILTIN_DIM } from '@/lib/embeddings/builtin';
import { env } from '@/lib/env';
import type { TrainingOptions } from '../options';
import { trainerRequest, TrainerError, type TrainerEndpoint } from './client';
import { capabilitiesSchema, spaceName } from './protocol';

/** The external trainer from the environment, or null when none is configured. */
export function trainerEndpoint(overrides: Partial<TrainerEndpoint> = {}): TrainerEndpoint | null {
  const e = env();
  if (!e.RECALL_TRAINER_URL) return null;
  return { url: e.RECALL_TRAINER_URL, token: e.RECALL_TRAINER_TOKEN, timeoutMs: 30_000, retries: 4, baseDelayMs: Math.min(500, e.RECALL_TRAINER_POLL_MS), maxDelayMs: 30_000, ...overrides };
}

/**
 * Why the chosen trainer cannot train this, or null when it can: the one gate the Train
 * dialog, the API (409 trainer_unavailable) and the worker all ask.
 */
export async function trainerUnavailable(options: Pick<TrainingOptions, 'trainer' | 'embedder' | 'model'>, space?: { provider: string; model: string; dim: number }): Promise<string | null> {
  if (options.trainer === 'local') return null;
  const endpoint = trainerEndpoint({ timeoutMs: 3_000, retries: 0 });
  if (!endpoint) return 'No external trainer is configured: set RECALL_TRAINER_URL (and RECALL_TRAINER_TOKEN if it needs one).';
  let capabilities;
  try {
    capabilities = await trainerRequest(endpoint, { method: 'GET', path: '/v1/capabilities' }, capabilitiesSchema, AbortSignal.timeout(5_000));
  } catch (error) {
    return error instanceof TrainerError ? error.message : `The external trainer at ${endpoint.url} cannot be reached.`;
  }
  if (!capabilities) return `The external trainer at ${endpoint.url} has no /v1/capabilities: it does not speak Recall's trainer protocol.`;
  const wanted = space ?? (options.embedder === 'builtin' ? { provider: 'builtin', model: 'builtin', dim: BUILTIN_DIM } : { provider: 'openai', model: options.model ?? env().RECALL_EMBEDDING_MODEL ?? '', dim: 0 });
  const name = spaceName(wanted);
  if (!capabilities.embedders.includes('*') && !capabilities.embedders.includes(name)) {
    return `The external trainer does not train in the ${name === 'builtin' ? "built-in embedder's" : name} space (it supports ${capabilities.embedders.join(', ') || 'none'}).`;
  }
  if (wanted.dim > capabilities.max_dim) return `The external trainer takes at most ${capabilities.max_dim} dimensions; this space has ${wanted.dim}.`;
  return null;
}
