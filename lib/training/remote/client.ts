import 'server-only';
import type { z } from 'zod';
import { backoffMs, sleep } from '@/lib/llm/openai/retry';

/** A trainer call that failed for good, with a reason safe to show (the token is never in it). */
export class TrainerError extends Error {
  override name = 'TrainerError';
  constructor(
    readonly code: 'trainer_unreachable' | 'trainer_garbage' | 'trainer_failed' | 'trainer_timeout' | 'trainer_forgot' | 'trainer_rejected',
    message: string,
  ) {
    super(message);
  }
}

export type TrainerEndpoint = {
  url: string;
  token?: string;
  /** Per HTTP request. */
  timeoutMs: number;
  /** Retries of one request on a connection error, a timeout or a 5xx. */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
};

/**
 * One request to the trainer, retried with backoff and jitter on what may pass (connection
 * errors, timeouts, 429, 5xx); its JSON answer validated with `schema`. A 404 answers null
 * (the caller decides what a missing job means).
 */
export async function trainerRequest<T extends z.ZodType>(
  endpoint: TrainerEndpoint,
  request: { method: 'GET' | 'POST' | 'DELETE'; path: string; body?: unknown; headers?: Record<string, string> },
  schema: T | null,
  signal: AbortSignal,
): Promise<z.infer<T> | null> {
  const url = `${endpoint.url.replace(/\/+$/, '')}${request.path}`;
  for (let attempt = 0; ; attempt++) {
    signal.throwIfAborted();
    let status = 0;
    let text = '';
    try {
      const response = await fetch(url, {
        method: request.method,
        headers: {
          accept: 'application/json',
          ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(endpoint.token ? { authorization: `Bearer ${endpoint.token}` } : {}),
          ...request.headers,
        },
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.any([signal, AbortSignal.timeout(endpoint.timeoutMs)]),
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (attempt >= endpoint.retries) throw new TrainerError('trainer_unreachable', `The trainer at ${endpoint.url} did not answer ${request.method} ${request.path} (${(error as Error).name === 'TimeoutError' ? `no answer in ${endpoint.timeoutMs} ms` : (error as Error).message}).`);
      await pause(endpoint, attempt, signal);
      continue;
    }
    if (status === 404) return null;
    if (status === 429 || status >= 500) {
      if (attempt >= endpoint.retries) throw new TrainerError('trainer_unreachable', `The trainer answered ${status} to ${request.method} ${request.path}, ${attempt + 1} times.`);
      await pause(endpoint, attempt, signal);
      continue;
    }
    if (status >= 400) throw new TrainerError('trainer_rejected', `The trainer refused ${request.method} ${request.path} (${status}): ${text.slice(0, 300)}`);
    if (!schema) return null;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new TrainerError('trainer_garbage', `The trainer's answer to ${request.method} ${request.path} is not JSON.`);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new TrainerError('trainer_garbage', `The trainer's answer to ${request.method} ${request.path} is not what the protocol says (${parsed.error.issues[0]?.path.join('.') || 'body'}: ${parsed.error.issues[0]?.message}).`);
    return parsed.data;
  }
}

const pause = (endpoint: TrainerEndpoint, attempt: number, signal: AbortSignal) =>
  sleep(Math.max(endpoint.baseDelayMs / 2, backoffMs(attempt, endpoint.baseDelayMs, endpoint.maxDelayMs)), signal);
