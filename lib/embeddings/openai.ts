import OpenAI from 'openai';
import { CallAborted, callPolicy, callWithRetries, ProviderFailure } from '@/lib/llm/openai/call';
import type { RateLimiter } from '@/lib/llm/rate-limiter';
import type { Embedder } from './embedder';
import { normalize } from './vector';

/** An embedding call that failed for good: the message is safe to show (credentials redacted). */
export class EmbeddingError extends Error {
  override name = 'EmbeddingError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type OpenAIEmbedderOptions = {
  baseURL?: string;
  apiKey?: string;
  model: string;
  /** Asked of models that can shorten their vectors (text-embedding-3-*); else the model's own. */
  dimensions?: number;
  limiter?: RateLimiter;
  timeoutMs?: number;
  maxRetries?: number;
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  maxRetryAfterMs?: number;
  batchSize?: number;
};

const NO_KEY = 'no-api-key';

/**
 * Embeddings from any OpenAI-compatible `/v1/embeddings` endpoint (OpenAI, Azure, Ollama,
 * vLLM, llama.cpp…) through the openai SDK, with the retry, Retry-After, rate limit and timeout
 * handling generation uses (lib/llm/openai/call.ts). Its dimension is learnt from a first call
 * when not configured; every answer is checked (count, dimension, finite numbers) and scaled to
 * unit length.
 */
export async function createOpenAIEmbedder(options: OpenAIEmbedderOptions, signal: AbortSignal = new AbortController().signal): Promise<Embedder> {
  const policy = callPolicy({ ...options, label: `embedding model ${options.model}` });
  const baseURL = options.baseURL || 'https://api.openai.com/v1';
  const client = new OpenAI({ apiKey: options.apiKey || NO_KEY, baseURL, maxRetries: 0, timeout: policy.timeoutMs, logLevel: 'off' });
  let dim = options.dimensions ?? 0;

  async function call(texts: readonly string[], callSignal: AbortSignal): Promise<Float32Array[]> {
    try {
      const response = await callWithRetries(policy, callSignal, () =>
        client.embeddings.create(
          { model: options.model, input: [...texts], encoding_format: 'float', ...(options.dimensions ? { dimensions: options.dimensions } : {}) },
          { signal: callSignal, timeout: policy.timeoutMs, maxRetries: 0 },
        ),
      );
      return vectorsOf(response, texts.length);
    } catch (error) {
      if (error instanceof CallAborted) throw callSignal.reason ?? error;
      if (error instanceof ProviderFailure) throw new EmbeddingError(error.code, error.message);
      throw error;
    }
  }

  function vectorsOf(response: unknown, count: number): Float32Array[] {
    const data = (response as { data?: unknown })?.data;
    if (!Array.isArray(data) || data.length !== count) {
      throw new EmbeddingError('unusable_embeddings', `embedding model ${options.model}: expected ${count} vectors, got ${Array.isArray(data) ? data.length : 'none'}`);
    }
    // The order of `data` is its `index` (endpoints may answer out of order).
    const ordered = [...data].sort((a, b) => Number((a as { index?: number }).index ?? 0) - Number((b as { index?: number }).index ?? 0));
    return ordered.map((item) => {
      const values = (item as { embedding?: unknown }).embedding;
      if (!Array.isArray(values) || values.length === 0 || !values.every((x) => typeof x === 'number' && Number.isFinite(x))) {
        throw new EmbeddingError('unusable_embeddings', `embedding model ${options.model}: an answer is not a vector of numbers`);
      }
      if (dim === 0) dim = values.length;
      if (values.length !== dim) {
        throw new EmbeddingError('wrong_dimensions', `embedding model ${options.model}: a vector has ${values.length} dimensions, expected ${dim}`);
      }
      return normalize(Float32Array.from(values as number[]));
    });
  }

  if (dim === 0) await call(['dimension probe'], signal);
  const host = new URL(baseURL).host;
  return {
    space: { provider: 'openai', model: options.model, dim, key: `openai:${host}/${options.model}:${dim}` },
    sparse: false,
    cacheable: true,
    batchSize: options.batchSize ?? 64,
    embed: (texts, _role, embedSignal) => call(texts, embedSignal ?? signal),
  };
}
