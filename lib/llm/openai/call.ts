import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError, OpenAIError } from 'openai';
import type { RateLimiter } from '../rate-limiter';
import { backoffMs, retryAfterMs, sleep } from './retry';

/**
 * One call to an OpenAI-compatible endpoint, with the retry policy every Recall client shares
 * (question generation and embeddings): the shared rate limiter before each attempt,
 * exponential backoff with full jitter, Retry-After honoured (and passed to the limiter so the
 * whole run backs off), a cap on how long a Retry-After may ask to wait, and credentials
 * redacted from every message. The SDK's own retries stay off.
 */

/**
 * provider_rejected: the endpoint refused this request (400, 413, 422…: too long, filtered);
 * provider_config: it refused the credentials or the model (401, 403, 404), whatever the input.
 */
export type ProviderCode = 'rate_limited' | 'provider_error' | 'timeout' | 'provider_rejected' | 'provider_config';

export type Failure = {
  code: ProviderCode;
  retryable: boolean;
  message: string;
  /** Requested wait (429/503 only). */
  retryAfterMs?: number;
  /** A 400/422 that names response_format: the endpoint does not support the mode asked for. */
  formatRejected?: boolean;
};

/** A call that failed for good: a safe message (credentials redacted) and the provider code. */
export class ProviderFailure extends Error {
  override name = 'ProviderFailure';
  constructor(
    readonly code: ProviderCode,
    message: string,
    override readonly cause?: Error,
  ) {
    super(message);
  }
}

/** The call was aborted by its signal (cancel, a stopping worker). */
export class CallAborted extends Error {
  override name = 'CallAborted';
}

export type CallPolicy = {
  label: string;
  timeoutMs: number;
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
  limiter?: RateLimiter;
  redact: (text: string) => string;
};

export function callPolicy(options: {
  label: string;
  apiKey?: string;
  timeoutMs?: number;
  maxRetries?: number;
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  maxRetryAfterMs?: number;
  limiter?: RateLimiter;
}): CallPolicy {
  return {
    label: options.label,
    timeoutMs: Math.max(1, Math.round(options.timeoutMs ?? 60_000)),
    maxRetries: Math.max(0, Math.floor(options.maxRetries ?? 4)),
    baseDelayMs: options.retryBaseDelayMs ?? 500,
    maxDelayMs: options.retryMaxDelayMs ?? 30_000,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 120_000,
    ...(options.limiter ? { limiter: options.limiter } : {}),
    redact: redactor(options.apiKey || undefined),
  };
}

/**
 * Runs `attempt` until it succeeds or fails for good. `onFailure` may ask for a free retry
 * (not counted: the endpoint told us what it does not support) by answering true.
 */
export async function callWithRetries<T>(policy: CallPolicy, signal: AbortSignal, attempt: () => Promise<T>, onFailure?: (failure: Failure) => boolean): Promise<T> {
  const { label, redact, limiter } = policy;
  let retries = 0;
  for (;;) {
    if (signal.aborted) throw new CallAborted('aborted');
    if (limiter) {
      try {
        await limiter.acquire(signal);
      } catch (error) {
        if (signal.aborted) throw new CallAborted('aborted');
        throw new ProviderFailure('provider_error', `Rate limiter failed: ${redact(errorText(error))}`);
      }
    }
    try {
      return await attempt();
    } catch (error) {
      if (signal.aborted) throw new CallAborted('aborted');
      if (error instanceof ProviderFailure) throw error;
      const failure = classify(error, policy.timeoutMs);
      const message = redact(failure.message);
      const cause = sanitizedCause(error, message);
      if (onFailure?.(failure)) continue;
      // The whole run backs off when asked to, even when this call gives up rather than wait.
      if (failure.retryAfterMs !== undefined) limiter?.pauseUntil?.(Date.now() + failure.retryAfterMs);
      if (!failure.retryable) throw new ProviderFailure(failure.code, `${label}: request rejected: ${message}`, cause);
      if (retries >= policy.maxRetries) {
        const attempts = retries + 1;
        throw new ProviderFailure(failure.code, `${label}: ${message} (gave up after ${attempts} attempt${attempts === 1 ? '' : 's'})`, cause);
      }
      let delay = backoffMs(retries, policy.baseDelayMs, policy.maxDelayMs);
      if (failure.retryAfterMs !== undefined) {
        if (failure.retryAfterMs > policy.maxRetryAfterMs) {
          throw new ProviderFailure(
            failure.code,
            `${label}: ${message} (asked to retry after ${Math.round(failure.retryAfterMs / 1000)} s, more than the ${Math.round(policy.maxRetryAfterMs / 1000)} s allowed)`,
            cause,
          );
        }
        delay = Math.max(delay, failure.retryAfterMs);
      }
      retries += 1;
      try {
        await sleep(delay, signal);
      } catch {
        throw new CallAborted('aborted');
      }
    }
  }
}

export function classify(error: unknown, timeoutMs: number): Failure {
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
      return { code: status === 429 ? 'rate_limited' : 'provider_error', retryable: true, message, ...(wait === undefined ? {} : { retryAfterMs: wait }) };
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
export function errorText(error: unknown): string {
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
 * The cause kept on a failure: a plain Error with the redacted message and the HTTP status,
 * never the SDK error itself (its body may echo credentials; the client holds the key).
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
