/**
 * A fake OpenAI-compatible chat-completions server for tests and benchmarks: a real HTTP
 * server on 127.0.0.1 (random port) speaking the OpenAI response shape, whose behaviour each
 * test sets, and which records every request for assertions.
 *
 *   const fake = await startFakeOpenAI();
 *   const generator = createOpenAIGenerator({ baseURL: fake.url, apiKey: 'sk-test', model: 'fake' });
 *   fake.setBehaviour({ failNext: { count: 2, status: 500 } });
 *   await generator.generate(...);
 *   expect(fake.requests).toHaveLength(3);
 *   await fake.close();
 *
 * Endpoints: POST /v1/chat/completions and POST /chat/completions (so `url` works with or
 * without the /v1 suffix), GET /v1/models. Anything else is a 404 in OpenAI's error shape.
 *
 * A request goes through these steps, in order; the first that answers wins:
 *   1. `apiKey` set and the Authorization header is not `Bearer <apiKey>` → 401.
 *   2. `failNext` has failures left → that status (default 500), one failure used up.
 *   3. `rateLimit` window full → 429 with Retry-After (the request is not admitted).
 *   4. `rejectResponseFormats` includes the request's response_format.type → 400.
 *   5. wait `delayMs`, then answer per `reply`.
 *
 * Timestamps are milliseconds since the epoch with sub-millisecond precision
 * (`performance.timeOrigin + performance.now()`), so they can be compared with `fakeNow()`.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeReply =
  /** Default: `{"questions": [...]}` with `fakeQuestions(passage, count)`. */
  | 'questions'
  /** The same JSON inside a ```json fence, with a sentence before it. */
  | 'fenced'
  /** Message content that is not JSON. */
  | 'malformed'
  /** Valid JSON of the wrong shape: `{"q": 1}`. */
  | 'wrong-shape'
  /** Never answer: the connection stays open until the client gives up or `close()`. */
  | 'hang'
  /** This exact message content. */
  | { content: string }
  /** Message content computed from the request. */
  | ((request: FakeRequest) => string)
  /** An HTTP error in OpenAI's shape: `{"error": {"message", "type", "code"}}`, or `body` as given. */
  | { status: number; message?: string; body?: unknown; headers?: Record<string, string> };

export type FakeOpenAIBehaviour = {
  reply?: FakeReply;
  /** Delay before answering (after the checks), in ms. */
  delayMs?: number;
  /**
   * A real sliding window over admitted requests: at most `limit` within any `windowMs`
   * (default 60 000, so `limit` is requests per minute). Requests beyond it get a 429 with
   * Retry-After: the time until the oldest admitted request leaves the window.
   * `retryAfter`: 'seconds' (default; integer seconds, rounded up), 'ms' (`retry-after-ms` plus
   * seconds, as OpenAI sends), 'date' (an HTTP date, rounded up to the next second), 'none'.
   */
  rateLimit?: { limit: number; windowMs?: number; retryAfter?: 'seconds' | 'ms' | 'date' | 'none' };
  /** The next `count` requests fail with `status` (default 500), optional headers (e.g. Retry-After). */
  failNext?: { count: number; status?: number; headers?: Record<string, string>; message?: string };
  /** Require `Authorization: Bearer <apiKey>`; otherwise 401 (the message names no key). */
  apiKey?: string;
  /** Answer 400 to these response_format types, like a server without structured outputs. */
  rejectResponseFormats?: ReadonlyArray<'json_schema' | 'json_object'>;
  /** Answer 'malformed' to passages containing this text (so only those chunks fail). */
  malformedFor?: string;
  /** Answer this HTTP error to passages containing `passage` (a request only those chunks get refused, e.g. too long). */
  errorFor?: { passage: string; status: number; message?: string };
  /** Questions per reply when the prompt does not say ("N question(s)"). Default 3. */
  defaultCount?: number;
  /**
   * POST /v1/embeddings: hashed bag-of-words vectors of `dim` (default 64) for each input, or
   * a lie: `garbage` (strings instead of numbers), `wrong-dimensions` (the second vector is
   * one short), `wrong-count` (one vector too few).
   */
  embeddings?: { dim?: number; reply?: 'vectors' | 'garbage' | 'wrong-dimensions' | 'wrong-count' };
};

/** A chat-completions request body, as far as the fake reads it. */
export type FakeChatBody = {
  model?: string;
  messages?: Array<{ role: string; content: unknown }>;
  response_format?: { type: string; [key: string]: unknown };
  [key: string]: unknown;
};

export type FakeRequest = {
  /** 0-based arrival order. */
  index: number;
  method: string;
  path: string;
  /** Arrival time, ms since the epoch (sub-ms precision). */
  receivedAt: number;
  headers: IncomingHttpHeaders;
  authorization: string | undefined;
  /** The parsed JSON body (`{}` if it is not a JSON object). */
  body: FakeChatBody;
  /** The body as received. */
  rawBody: string;
  /** The passage: the text inside <passage>…</passage> of the last user message, or that whole message. */
  passage: string;
  /** The question count the prompt asks for ("N question(s)"), else `defaultCount`. */
  count: number;
  /** Set when answered. */
  status?: number;
  respondedAt?: number;
  /** 'closed': the client closed the connection before an answer. */
  outcome: 'pending' | 'answered' | 'closed';
  /** Settles when the request is answered or the client goes away. */
  settled: Promise<'answered' | 'closed'>;
};

export type FakeOpenAI = {
  /** Base URL including /v1, e.g. http://127.0.0.1:43210/v1: pass as `baseURL`. */
  url: string;
  /** Every request so far, in arrival order (a live array). */
  requests: readonly FakeRequest[];
  /** Replaces the behaviour (unset fields take their defaults; `failNext` restarts its count). */
  setBehaviour(behaviour: FakeOpenAIBehaviour): void;
  /** Resolves once at least `n` requests have arrived; rejects after `timeoutMs` (default 10 000). */
  waitForRequests(n: number, timeoutMs?: number): Promise<void>;
  /** Forgets recorded requests and the rate-limit window. */
  clearRequests(): void;
  /** Closes every connection (hanging ones included) and the server. */
  close(): Promise<void>;
};

export type StartFakeOpenAIOptions = {
  behaviour?: FakeOpenAIBehaviour;
  /** Fixed port (default: a free one). */
  port?: number;
  /**
   * Accept `PUT /__behaviour` with a JSON FakeOpenAIBehaviour (data fields only), so a test in
   * another process (Playwright driving a real server) can make the provider fail.
   */
  control?: boolean;
};

export const fakeNow = () => performance.timeOrigin + performance.now();

/** The deterministic questions of a 'questions' reply: one per distinct word of 4+ letters, in order. */
export function fakeQuestions(passage: string, count: number): string[] {
  const words = [...new Set(passage.toLowerCase().match(/[\p{L}]{4,}/gu) ?? [])];
  return Array.from({ length: count }, (_, i) =>
    i < words.length ? `What does the passage say about ${words[i]}?` : `What is point ${i + 1} of the passage?`,
  );
}

export async function startFakeOpenAI(options: StartFakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  let behaviour: FakeOpenAIBehaviour = {};
  let failuresLeft = 0;
  const setBehaviour = (next: FakeOpenAIBehaviour) => {
    behaviour = { ...next };
    failuresLeft = next.failNext?.count ?? 0;
  };
  setBehaviour(options.behaviour ?? {});

  const requests: FakeRequest[] = [];
  let admitted: number[] = [];
  const waiters = new Set<{ n: number; resolve: () => void }>();
  const timers = new Set<ReturnType<typeof setTimeout>>();

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, 500, `fake server error: ${String(error)}`, 'server_error');
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const receivedAt = fakeNow();
    const text = await readBody(req);
    const path = (req.url ?? '/').split('?')[0]!;
    if (options.control && req.method === 'PUT' && path === '/__behaviour') {
      setBehaviour(JSON.parse(text) as FakeOpenAIBehaviour);
      sendJson(res, 200, { ok: true });
      return;
    }
    if (options.control && req.method === 'GET' && path === '/__stats') {
      const statuses: Record<string, number> = {};
      for (const r of requests) if (r.status !== undefined) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      sendJson(res, 200, { requests: requests.length, statuses });
      return;
    }
    if (options.control && req.method === 'DELETE' && path === '/__requests') {
      requests.length = 0;
      admitted = [];
      sendJson(res, 200, { ok: true });
      return;
    }
    if (req.method === 'GET' && /^(\/v1)?\/models$/.test(path)) {
      sendJson(res, 200, { object: 'list', data: [{ id: 'fake-model', object: 'model', created: 0, owned_by: 'fake' }] });
      return;
    }
    if (req.method !== 'POST' || !/^(\/v1)?\/(chat\/completions|embeddings)$/.test(path)) {
      sendError(res, 404, `Unknown route ${req.method} ${path}`, 'invalid_request_error', 'unknown_url');
      return;
    }

    let body: FakeChatBody = {};
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as FakeChatBody;
    } catch {
      // not JSON: `rawBody` keeps it
    }
    const current = behaviour;
    const userText = lastUserMessage(body);
    const passage = /<passage>\s*([\s\S]*?)\s*<\/passage>/.exec(userText)?.[1] ?? userText;
    const countMatch = /\b(\d+)\s+questions?\b/i.exec(userText);
    let settle!: (outcome: 'answered' | 'closed') => void;
    const record: FakeRequest = {
      index: requests.length,
      method: req.method,
      path,
      receivedAt,
      headers: req.headers,
      authorization: req.headers.authorization,
      body,
      rawBody: text,
      passage,
      count: countMatch ? Number(countMatch[1]) : (current.defaultCount ?? 3),
      outcome: 'pending',
      settled: new Promise((resolve) => (settle = resolve)),
    };
    requests.push(record);
    res.on('close', () => {
      if (record.outcome !== 'pending') return;
      if (res.writableFinished) {
        record.outcome = 'answered';
        settle('answered');
      } else {
        record.outcome = 'closed';
        settle('closed');
      }
    });
    res.on('finish', () => {
      record.status = res.statusCode;
      record.respondedAt = fakeNow();
    });
    for (const waiter of waiters) {
      if (requests.length >= waiter.n) {
        waiters.delete(waiter);
        waiter.resolve();
      }
    }

    // 1. Authentication.
    if (current.apiKey !== undefined && req.headers.authorization !== `Bearer ${current.apiKey}`) {
      sendError(res, 401, 'Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key');
      return;
    }
    // 2. Scripted failures.
    if (failuresLeft > 0 && current.failNext) {
      failuresLeft -= 1;
      const status = current.failNext.status ?? 500;
      sendError(
        res,
        status,
        current.failNext.message ?? `Scripted failure (${status})`,
        status === 429 ? 'rate_limit_exceeded' : 'server_error',
        null,
        current.failNext.headers,
      );
      return;
    }
    // 3. Sliding-window rate limit over admitted requests.
    if (current.rateLimit) {
      const windowMs = current.rateLimit.windowMs ?? 60_000;
      admitted = admitted.filter((at) => at > receivedAt - windowMs);
      if (admitted.length >= current.rateLimit.limit) {
        const waitMs = Math.max(0, admitted[0]! + windowMs - receivedAt);
        sendError(
          res,
          429,
          `Rate limit reached: ${current.rateLimit.limit} requests per ${windowMs} ms.`,
          'requests',
          'rate_limit_exceeded',
          retryAfterHeaders(waitMs, current.rateLimit.retryAfter ?? 'seconds'),
        );
        return;
      }
      admitted.push(receivedAt);
    }
    // 4. Unsupported response formats.
    const formatType = body.response_format?.type;
    if (
      (formatType === 'json_schema' || formatType === 'json_object') &&
      current.rejectResponseFormats?.includes(formatType)
    ) {
      sendError(res, 400, `response_format type '${formatType}' is not supported`, 'invalid_request_error');
      return;
    }
    // 5. Answer.
    if (path.endsWith('/embeddings')) {
      if (current.delayMs) await new Promise((resolve) => setTimeout(resolve, current.delayMs));
      sendJson(res, 200, embeddingsFor(body, current.embeddings ?? {}));
      return;
    }
    const reply: FakeReply =
      current.errorFor && passage.includes(current.errorFor.passage)
        ? { status: current.errorFor.status, message: current.errorFor.message }
        : current.malformedFor && passage.includes(current.malformedFor)
          ? 'malformed'
          : (current.reply ?? 'questions');
    if (reply === 'hang') return; // never answered; the close handler records the client leaving
    if (current.delayMs) {
      const closed = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          resolve(false);
        }, current.delayMs);
        timers.add(timer);
        res.once('close', () => {
          clearTimeout(timer);
          timers.delete(timer);
          resolve(true);
        });
      });
      if (closed) return;
    }
    if (typeof reply === 'object' && 'status' in reply) {
      if (reply.body !== undefined) sendJson(res, reply.status, reply.body, reply.headers);
      else sendError(res, reply.status, reply.message ?? `Error ${reply.status}`, 'invalid_request_error', null, reply.headers);
      return;
    }
    sendJson(res, 200, completion(body.model ?? 'fake-model', contentFor(reply, record), record.index));
  }

  const listening = new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  await listening;
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    setBehaviour,
    waitForRequests(n, timeoutMs = 10_000) {
      if (requests.length >= n) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const waiter = {
          n,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`fake OpenAI: ${requests.length} of ${n} requests after ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    clearRequests() {
      requests.length = 0;
      admitted = [];
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function contentFor(reply: Exclude<FakeReply, 'hang' | { status: number }>, request: FakeRequest): string {
  if (typeof reply === 'function') return reply(request);
  if (typeof reply === 'object') return reply.content;
  const questions = JSON.stringify({ questions: fakeQuestions(request.passage, request.count) });
  switch (reply) {
    case 'questions':
      return questions;
    case 'fenced':
      return `Here are the questions:\n\`\`\`json\n${questions}\n\`\`\``;
    case 'malformed':
      return 'Sure! Here are some questions: 1. What is it? 2. Why';
    case 'wrong-shape':
      return '{"q": 1}';
  }
}

/** A deterministic embedding: signed hashes of the words (so related texts are near), unit length. */
export function fakeEmbedding(text: string, dim = 64): number[] {
  const vector = new Array<number>(dim).fill(0);
  for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    let hash = 0x811c9dc5;
    for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), 0x01000193) >>> 0;
    vector[hash % dim]! += hash & 1 ? 1 : -1;
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((x) => x / norm);
}

function embeddingsFor(body: FakeChatBody, options: NonNullable<FakeOpenAIBehaviour['embeddings']>) {
  const inputs = Array.isArray(body.input) ? (body.input as unknown[]).map(String) : [String(body.input ?? '')];
  const dim = Number(body.dimensions ?? options.dim ?? 64);
  let data = inputs.map((text, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(text, dim) as unknown[] }));
  if (options.reply === 'garbage') data = data.map((item) => ({ ...item, embedding: item.embedding.map(String) }));
  if (options.reply === 'wrong-dimensions' && data[1]) data[1].embedding = data[1].embedding.slice(1);
  if (options.reply === 'wrong-count') data = data.slice(1);
  // Out of order, as some servers answer: the client must sort by index.
  return { object: 'list', data: data.reverse(), model: body.model ?? 'fake-embed', usage: { prompt_tokens: 0, total_tokens: 0 } };
}

function completion(model: string, content: string, index: number) {
  return {
    id: `chatcmpl-fake-${index}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, logprobs: null, finish_reason: 'stop' }],
    usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
  };
}

function retryAfterHeaders(waitMs: number, mode: 'seconds' | 'ms' | 'date' | 'none'): Record<string, string> {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  switch (mode) {
    case 'none':
      return {};
    case 'seconds':
      return { 'retry-after': String(seconds) };
    case 'ms':
      return { 'retry-after-ms': String(Math.ceil(waitMs)), 'retry-after': String(seconds) };
    case 'date':
      // HTTP dates have whole seconds: round up so the date is never earlier than the real wait.
      return { 'retry-after': new Date(Math.ceil((Date.now() + waitMs) / 1000) * 1000).toUTCString() };
  }
}

function lastUserMessage(body: FakeChatBody): string {
  const messages: unknown = body.messages;
  if (!Array.isArray(messages)) return '';
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i] as { role?: unknown; content?: unknown } | null;
    if (message?.role !== 'user') continue;
    if (typeof message.content === 'string') return message.content;
    if (Array.isArray(message.content)) {
      // Content parts: [{ type: 'text', text: '…' }, …]
      return message.content
        .map((part: { text?: unknown } | null) => (typeof part?.text === 'string' ? part.text : ''))
        .join('');
    }
  }
  return '';
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  type: string,
  code: string | null = null,
  headers: Record<string, string> = {},
) {
  sendJson(res, status, { error: { message, type, param: null, code } }, headers);
}
