import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError, OpenAIError } from 'openai';
import { cleanQuestions, GenerationError, type GenerateRequest, type Generator } from './generator';
import { parseQuestions } from './openai/parse';
import { QUESTIONS_JSON_SCHEMA, SYSTEM_PROMPT, userPrompt } from './openai/prompt';
import { backoffMs, retryAfterMs, sleep } from './openai/retry';
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

/**
 * provider_rejected: the endpoint refused this request (400, 413, 422…: too long, filtered);
 * provider_config: it refused the credentials or the model (401, 403, 404), whatever the chunk.
 */
type ProviderCode = 'rate_limited' | 'provider_error' | 'timeout' | 'provider_rejected' | 'provider_config';

type Failure = {
  code: ProviderCode;
  retryable: boolean;
  message: string;
  /** Requested wait (429/503 only). */
  retryAfterMs?: number;
  /** A 400/422 that names response_format: the endpoint does not support the mode asked for. */
  formatRejected?: boolean;
};

const RAW_LIMIT = 10_000;
const NO_KEY = 'no-api-key';
const WEAKER: Record<ResponseFormatMode, ResponseFormatMode | undefined> = {
  json_schema: 'json_object',
  json_object: 'none',
  none: undefined,
};

export function createOpenAIGenerator(options: OpenAIGeneratorOptions): Generator {
  const timeoutMs = Math.max(1, Math.round(options.timeoutMs ?? 60_000));
  const maxRetries = Math.max(0, Math.floor(options.maxRetries ?? 4));
  const baseDelay = options.retryBaseDelayMs ?? 500;
  const maxDelay = options.retryMaxDelayMs ?? 30_000;
  const maxRetryAfter = options.maxRetryAfterMs ?? 120_000;
  const limiter =
    options.limiter ??
    (options.requestsPerMinute ? createRateLimiter({ requestsPerMinute: options.requestsPerMinute }) : undefined);
  const apiKey = options.apiKey || undefined;
  const redact = redactor(apiKey);
  let format: ResponseFormatMode = options.responseFormat ?? 'json_schema';

  const client = new OpenAI({
    apiKey: apiKey ?? NO_KEY,
    baseURL: options.baseURL || 'https://api.openai.com/v1',
    maxRetries: 0,
    timeout: timeoutMs,
    // The SDK's debug log (OPENAI_LOG=debug) prints request details: keep it quiet.
    logLevel: 'off',
  });

  const label = `model ${options.model}`;

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
    return client.chat.completions.create(body, { signal: request.signal, timeout: timeoutMs, maxRetries: 0 });
  }

  async function generate(request: GenerateRequest): Promise<string[]> {
    const { signal } = request;
    const aborted = () =>
      new GenerationError('aborted', `Generation for chunk ${request.chunkId} was aborted`, { cause: signal.reason });

    let retries = 0;
    for (;;) {
      if (signal.aborted) throw aborted();
      if (limiter) {
        try {
          await limiter.acquire(signal);
        } catch (error) {
          if (signal.aborted) throw aborted();
          throw new GenerationError('provider', `Rate limiter failed: ${redact(errorText(error))}`, {
            code: 'provider_error',
          });
        }
      }

      let completion: OpenAI.Chat.Completions.ChatCompletion;
      const mode = format;
      try {
        completion = await attempt(request, mode);
      } catch (error) {
        if (signal.aborted) throw aborted();
        const failure = classify(error, timeoutMs);
        const message = redact(failure.message);
        const cause = sanitizedCause(error, message);

        const weaker = WEAKER[mode];
        if (failure.formatRejected && weaker) {
          // Not counted as a retry: the endpoint told us what it does not support. (A concurrent
          // call may have stepped down already: never step below the mode that was rejected.)
          if (format === mode) format = weaker;
          continue;
        }
        // The whole run backs off when asked to, even when this call gives up rather than wait.
        if (failure.retryAfterMs !== undefined) limiter?.pauseUntil?.(Date.now() + failure.retryAfterMs);
        if (!failure.retryable) {
          throw new GenerationError('provider', `${label}: request rejected: ${message}`, {
            code: failure.code,
            cause,
          });
        }
        if (retries >= maxRetries) {
          const attempts = retries + 1;
          throw new GenerationError(
            'provider',
            `${label}: ${message} (gave up after ${attempts} attempt${attempts === 1 ? '' : 's'})`,
            { code: failure.code, cause },
          );
        }
        let delay = backoffMs(retries, baseDelay, maxDelay);
        if (failure.retryAfterMs !== undefined) {
          if (failure.retryAfterMs > maxRetryAfter) {
            throw new GenerationError(
              'provider',
              `${label}: ${message} (asked to retry after ${Math.round(failure.retryAfterMs / 1000)} s, more than the ${Math.round(maxRetryAfter / 1000)} s allowed)`,
              { code: failure.code, cause },
            );
          }
          delay = Math.max(delay, failure.retryAfterMs);
        }
        retries += 1;
        try {
          await sleep(delay, signal);
        } catch {
          throw aborted();
        }
        continue;
      }

      return questionsFrom(completion, request.count);
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

function classify(error: unknown, timeoutMs: number): Failure {
  if (error instanceof APIConnectionTimeoutError) {
    return { code: 'timeout', retryable: true, message: `request timed out after ${timeoutMs} ms` };
  }
  if (error instanceof APIUserAbortError) {
    // Our signal did not fire (checked by the caller): treat as a dropped connection.
    return { code: 'provider_error', retryable: true, message: 'request aborted by the transport' };
  }
  if (error instanceof APIConnectionError) {
    return { code: 'provider_error', retryable: true, message: `connection error: ${errorText(error)}` };
  }
  if (error instanceof APIError && typeof error.status === 'number') {
    const status = error.status;
    const message = errorText(error);
    if (status === 429 || status === 503) {
      const wait = retryAfterMs(error.headers);
      return {
        code: status === 429 ? 'rate_limited' : 'provider_error',
        retryable: true,
        message,
        ...(wait === undefined ? {} : { retryAfterMs: wait }),
      };
    }
    if (status === 408) return { code: 'timeout', retryable: true, message };
    if (status === 409 || status >= 500) return { code: 'provider_error', retryable: true, message };
    if (status === 401 || status === 403 || status === 404) return { code: 'provider_config', retryable: false, message };
    return {
      code: 'provider_rejected',
      retryable: false,
      message,
      formatRejected: (status === 400 || status === 422) && /response_format|json_schema|json_object/i.test(message),
    };
  }
  if (error instanceof OpenAIError) {
    // Client-side configuration errors (missing credentials, bad options): retrying won't help.
    return { code: 'provider_config', retryable: false, message: errorText(error) };
  }
  if (error instanceof SyntaxError) {
    return { code: 'provider_error', retryable: true, message: `the response body is not valid JSON: ${error.message}` };
  }
  return { code: 'provider_error', retryable: true, message: errorText(error) };
}

/** An error's message with its cause chain (e.g. "Connection error. (fetch failed: connect ECONNREFUSED …)"). */
function errorText(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 4; depth++) {
    const text = current instanceof Error ? current.message : String(current);
    if (text && !parts.includes(text)) parts.push(text);
    current = current instanceof Error ? current.cause : undefined;
  }
  const [head, ...rest] = parts;
  const text = rest.length ? `${head} (${rest.join(': ')})` : (head ?? 'unknown error');
  return text.length > 1000 ? `${text.slice(0, 1000)}…` : text;
}

/**
 * The cause kept on a GenerationError: a plain Error with the redacted message and the HTTP
 * status, never the SDK error itself (its body may echo credentials; the client holds the key).
 */
function sanitizedCause(error: unknown, message: string): Error {
  const cause = new Error(message) as Error & { status?: number };
  cause.name = error instanceof Error ? error.name : 'Error';
  if (error instanceof APIError && typeof error.status === 'number') cause.status = error.status;
  return cause;
}

function redactor(apiKey: string | undefined): (text: string) => string {
  return (text) => {
    let out = text;
    if (apiKey && apiKey.length >= 4) out = out.split(apiKey).join('[redacted]');
    return out.replace(/\b(Bearer\s+)[^\s"',]+/gi, '$1[redacted]').replace(/\bsk-[A-Za-z0-9_*-]{8,}/g, 'sk-[redacted]');
  };
}

function truncate(text: string): string {
  return text.length > RAW_LIMIT ? text.slice(0, RAW_LIMIT) : text;
}
