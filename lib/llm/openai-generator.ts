import OpenAI from 'openai';
import { cleanQuestions, GenerationError, type GenerateRequest, type Generator } from './generator';
import { parseQuestions } from './openai/parse';
import { QUESTIONS_JSON_SCHEMA, SYSTEM_PROMPT, userPrompt } from './openai/prompt';
import { CallAborted, callPolicy, callWithRetries, ProviderFailure } from './openai/call';
import { createRateLimiter, type RateLimiter } from './rate-limiter';

/**
 * A question generator for any OpenAI-compatible chat-completions endpoint: OpenAI, Azure
 * OpenAI (its `/openai/v1/` base URL), Ollama (`http://localhost:11434/v1`), vLLM, llama.cpp,
 * LM Studio… through the official `openai` SDK.
 *
 * The SDK's own retries are off (`maxRetries: 0`): it treats a Retry-After above 60 s as
 * absent, jitters by only 25 %, and cannot take a shared rate limiter before each attempt.
 * This module retries itself instead (see `generate`).
 */

export type ResponseFormatMode = 'json_schema' | 'json_object' | 'none';

export type OpenAIGeneratorOptions = {
  /** Default (also for ''): https://api.openai.com/v1. The OPENAI_BASE_URL environment variable is not read here. */
  baseURL?: string;
  /** Sent as `Authorization: Bearer …`. Local servers need none: a placeholder is sent then. */
  apiKey?: string;
  model: string;
  /** Per HTTP attempt, response body included. Default 60 000. */
  timeoutMs?: number;
  /** Retries after the first attempt on 408/409/429/5xx, connection errors and timeouts. Default 4. */
  maxRetries?: number;
  /** Creates a private limiter at this rate when `limiter` is not given. */
  requestsPerMinute?: number;
  /** Shared limiter: `acquire` is awaited before every HTTP attempt; `pauseUntil` is called on a 429/503 with Retry-After. */
  limiter?: RateLimiter;
  /**
   * What to ask for in `response_format`. Default 'json_schema'. An endpoint that rejects it
   * with a 400/422 naming response_format is asked again with the next weaker mode
   * (json_schema → json_object → none), which the generator then keeps using.
   * The reply is validated with zod whatever the mode.
   */
  responseFormat?: ResponseFormatMode;
  /** Backoff base: the ceiling of the first retry's delay. Default 500 ms. */
  retryBaseDelayMs?: number;
  /** Backoff ceiling. Default 30 000 ms. */
  retryMaxDelayMs?: number;
  /** A Retry-After longer than this fails the call at once with 'rate_limited' instead of waiting. Default 120 000 ms. */
  maxRetryAfterMs?: number;
};

const RAW_LIMIT = 10_000;
const NO_KEY = 'no-api-key';
const WEAKER: Record<ResponseFormatMode, ResponseFormatMode | undefined> = {
  json_schema: 'json_object',
  json_object: 'none',
  none: undefined,
};

export function createOpenAIGenerator(options: OpenAIGeneratorOptions): Generator {
  const limiter =
    options.limiter ??
    (options.requestsPerMinute ? createRateLimiter({ requestsPerMinute: options.requestsPerMinute }) : undefined);
  const apiKey = options.apiKey || undefined;
  const policy = callPolicy({ ...options, label: `model ${options.model}`, ...(limiter ? { limiter } : {}) });
  let format: ResponseFormatMode = options.responseFormat ?? 'json_schema';

  const client = new OpenAI({
    apiKey: apiKey ?? NO_KEY,
    baseURL: options.baseURL || 'https://api.openai.com/v1',
    maxRetries: 0,
    timeout: policy.timeoutMs,
    // The SDK's debug log (OPENAI_LOG=debug) prints request details: keep it quiet.
    logLevel: 'off',
  });

  async function attempt(request: GenerateRequest, mode: ResponseFormatMode) {
    const count = Math.max(1, Math.floor(request.count));
    const body: OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming = {
      model: options.model,
      messages: [
        { role: 'system', content: SYSTEM_PROMPT },
        { role: 'user', content: userPrompt(request.content, count) },
      ],
    };
    if (mode === 'json_schema') {
      body.response_format = {
        type: 'json_schema',
        json_schema: { name: 'questions', strict: true, schema: QUESTIONS_JSON_SCHEMA },
      };
    } else if (mode === 'json_object') {
      body.response_format = { type: 'json_object' };
    }
    return client.chat.completions.create(body, { signal: request.signal, timeout: policy.timeoutMs, maxRetries: 0 });
  }

  async function generate(request: GenerateRequest): Promise<string[]> {
    let mode = format;
    try {
      const completion = await callWithRetries(
        policy,
        request.signal,
        () => {
          mode = format;
          return attempt(request, mode);
        },
        (failure) => {
          // Not counted as a retry: the endpoint told us what it does not support. (A concurrent
          // call may have stepped down already: never step below the mode that was rejected.)
          const weaker = WEAKER[mode];
          if (!failure.formatRejected || !weaker) return false;
          if (format === mode) format = weaker;
          return true;
        },
      );
      return questionsFrom(completion, request.count);
    } catch (error) {
      if (error instanceof CallAborted) {
        throw new GenerationError('aborted', `Generation for chunk ${request.chunkId} was aborted`, { cause: request.signal.reason });
      }
      if (error instanceof ProviderFailure) throw new GenerationError('provider', error.message, { code: error.code, ...(error.cause ? { cause: error.cause } : {}) });
      throw error;
    }
  }

  return { name: 'openai', generate };
}

function questionsFrom(completion: unknown, count: number): string[] {
  const message = (completion as OpenAI.Chat.Completions.ChatCompletion | undefined)?.choices?.[0]?.message;
  const content: unknown = message?.content;
  if (typeof content !== 'string') {
    const refusal = typeof message?.refusal === 'string' ? message.refusal : undefined;
    const raw = refusal ?? (typeof completion === 'string' ? completion : JSON.stringify(completion ?? null));
    throw new GenerationError(
      'output',
      refusal ? `The model refused: ${refusal.slice(0, 200)}` : 'The response has no message content',
      { raw: truncate(raw ?? ''), code: 'unparseable_output' },
    );
  }
  const parsed = parseQuestions(content);
  if (!parsed.ok) {
    throw new GenerationError('output', `Unusable model output: ${parsed.reason}`, {
      raw: truncate(content),
      code: 'unparseable_output',
    });
  }
  const questions = cleanQuestions(parsed.questions, Math.max(1, Math.floor(count)));
  if (questions.length < 1) {
    throw new GenerationError('output', 'Unusable model output: no non-empty question', {
      raw: truncate(content),
      code: 'unparseable_output',
    });
  }
  return questions;
}

function truncate(text: string): string {
  return text.length > RAW_LIMIT ? text.slice(0, RAW_LIMIT) : text;
}
