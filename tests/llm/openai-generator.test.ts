import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { GenerationError, type Generator } from '@/lib/llm/generator';
import { createOpenAIGenerator, type OpenAIGeneratorOptions } from '@/lib/llm/openai-generator';
import { parseQuestions } from '@/lib/llm/openai/parse';
import { backoffMs, retryAfterMs } from '@/lib/llm/openai/retry';
import { createRateLimiter, type RateLimiter } from '@/lib/llm/rate-limiter';
import { fakeNow, fakeQuestions, startFakeOpenAI, type FakeOpenAI } from '@/tests/support/fake-openai';

const API_KEY = 'sk-test-SECRET-0123456789abcdef';
const PASSAGE =
  'Tidal power stations convert the energy of rising and falling seas into electricity. ' +
  'The Rance station in Brittany opened in 1966 and produces about 500 GWh a year.';

let fake: FakeOpenAI;

beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(async () => {
  await fake.close();
});
afterEach(() => {
  fake.setBehaviour({});
  fake.clearRequests();
});

function generator(options: Partial<OpenAIGeneratorOptions> = {}): Generator {
  return createOpenAIGenerator({
    baseURL: fake.url,
    apiKey: API_KEY,
    model: 'fake-model',
    timeoutMs: 5_000,
    retryBaseDelayMs: 5,
    retryMaxDelayMs: 20,
    ...options,
  });
}

function request(overrides: { count?: number; content?: string; signal?: AbortSignal } = {}) {
  return {
    chunkId: 'chunk-1',
    content: overrides.content ?? PASSAGE,
    count: overrides.count ?? 3,
    signal: overrides.signal ?? new AbortController().signal,
  };
}

/** The GenerationError a promise rejects with (fails the test if it resolves or throws something else). */
async function failure(promise: Promise<unknown>): Promise<GenerationError> {
  const error = await promise.then(
    (value) => {
      throw new Error(`expected a GenerationError, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
  expect(error).toBeInstanceOf(GenerationError);
  return error as GenerationError;
}

describe('createOpenAIGenerator', () => {
  it('returns the cleaned questions and sends model, bearer key, prompt and json_schema response_format', async () => {
    const gen = generator();
    expect(gen.name).toBe('openai');

    const questions = await gen.generate(request({ count: 3 }));

    expect(questions).toEqual(fakeQuestions(PASSAGE, 3));
    expect(fake.requests).toHaveLength(1);
    const [sent] = fake.requests;
    expect(sent!.path).toBe('/v1/chat/completions');
    expect(sent!.authorization).toBe(`Bearer ${API_KEY}`);
    expect(sent!.body.model).toBe('fake-model');
    expect(sent!.body.response_format).toMatchObject({
      type: 'json_schema',
      json_schema: { name: 'questions', strict: true, schema: { required: ['questions'] } },
    });
    const messages = sent!.body.messages ?? [];
    expect(messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(messages[0]!.content).toMatch(/self-contained/);
    expect(messages[0]!.content).toMatch(/\{"questions"/);
    expect(messages[1]!.content).toContain(PASSAGE);
    expect(sent!.count).toBe(3);
  });

  it('cleans the output: trims, adds "?", drops empties and case-insensitive duplicates, caps at count', async () => {
    fake.setBehaviour({
      reply: {
        content: JSON.stringify({
          questions: ['  What is tidal power  ', 'what is tidal power?', '', 'When did Rance open.', 'Where is Rance?', 'Extra?'],
        }),
      },
    });
    expect(await generator().generate(request({ count: 3 }))).toEqual([
      'What is tidal power?',
      'When did Rance open?',
      'Where is Rance?',
    ]);
  });

  it('tolerates a ```json fence around the JSON (endpoints without structured outputs)', async () => {
    fake.setBehaviour({ reply: 'fenced' });
    expect(await generator().generate(request({ count: 2 }))).toEqual(fakeQuestions(PASSAGE, 2));
  });

  it('works without an API key (local servers) and with a base URL lacking /v1', async () => {
    const gen = createOpenAIGenerator({ baseURL: fake.url.replace(/\/v1$/, ''), model: 'llama' });
    expect(await gen.generate(request({ count: 1 }))).toHaveLength(1);
    expect(fake.requests[0]!.path).toBe('/chat/completions');
    expect(fake.requests[0]!.authorization).not.toContain(API_KEY);
  });

  it('honours Retry-After (seconds) on a 429 and calls the limiter before every attempt', async () => {
    fake.setBehaviour({ failNext: { count: 1, status: 429, headers: { 'retry-after': '1' } } });
    const limiter = { acquire: vi.fn(async () => {}), pauseUntil: vi.fn() } satisfies RateLimiter;
    const before = Date.now();

    const questions = await generator({ limiter }).generate(request());

    expect(questions).toHaveLength(3);
    expect(fake.requests.map((r) => r.status)).toEqual([429, 200]);
    const [first, second] = fake.requests;
    expect(second!.receivedAt - first!.respondedAt!).toBeGreaterThanOrEqual(1000);
    expect(limiter.acquire).toHaveBeenCalledTimes(2);
    expect(limiter.pauseUntil).toHaveBeenCalledTimes(1);
    const pausedUntil = limiter.pauseUntil.mock.calls[0]![0] as number;
    expect(pausedUntil).toBeGreaterThanOrEqual(before + 1000);
  });

  it("honours the fake's sliding-window 429 (retry-after-ms): the retry is admitted once the window allows", async () => {
    fake.setBehaviour({ rateLimit: { limit: 2, windowMs: 400, retryAfter: 'ms' } });
    const gen = generator();
    for (let i = 0; i < 3; i++) expect(await gen.generate(request({ count: 1 }))).toHaveLength(1);

    expect(fake.requests.map((r) => r.status)).toEqual([200, 200, 429, 200]);
    const admitted = fake.requests.filter((r) => r.status === 200);
    // The third admitted request came at least one window after the first.
    expect(admitted[2]!.receivedAt - admitted[0]!.receivedAt).toBeGreaterThanOrEqual(400);
  });

  it('retries 500s and succeeds (maxRetries + 1 attempts at most)', async () => {
    fake.setBehaviour({ failNext: { count: 2, status: 500 } });
    expect(await generator().generate(request())).toHaveLength(3);
    expect(fake.requests.map((r) => r.status)).toEqual([500, 500, 200]);
  });

  it('retries 408, 409 and 502 alike', async () => {
    for (const status of [408, 409, 502]) {
      fake.setBehaviour({ failNext: { count: 1, status } });
      expect(await generator().generate(request())).toHaveLength(3);
    }
    expect(fake.requests.map((r) => r.status)).toEqual([408, 200, 409, 200, 502, 200]);
  });

  it('gives up on 500s after maxRetries + 1 attempts with a provider error', async () => {
    fake.setBehaviour({ reply: { status: 500, message: 'upstream exploded' } });
    const error = await failure(generator().generate(request()));
    expect(error.kind).toBe('provider');
    expect(error.code).toBe('provider_error');
    expect(error.message).toMatch(/upstream exploded/);
    expect(error.message).toMatch(/5 attempts/);
    expect(fake.requests).toHaveLength(5); // default maxRetries 4

    fake.clearRequests();
    await failure(generator({ maxRetries: 1 }).generate(request()));
    expect(fake.requests).toHaveLength(2);
  });

  it('gives up on persistent 429s with code rate_limited', async () => {
    fake.setBehaviour({ reply: { status: 429, headers: { 'retry-after-ms': '10' } } });
    const error = await failure(generator({ maxRetries: 2 }).generate(request()));
    expect(error.kind).toBe('provider');
    expect(error.code).toBe('rate_limited');
    expect(fake.requests).toHaveLength(3);
  });

  it('fails at once with rate_limited when Retry-After exceeds maxRetryAfterMs', async () => {
    fake.setBehaviour({ reply: { status: 429, headers: { 'retry-after': '3600' } } });
    const error = await failure(generator().generate(request()));
    expect(error.code).toBe('rate_limited');
    expect(fake.requests).toHaveLength(1);
  });

  it('times out a hanging request and gives up with code timeout; the fake sees each connection closed', async () => {
    fake.setBehaviour({ reply: 'hang' });
    const error = await failure(generator({ timeoutMs: 300, maxRetries: 1 }).generate(request()));
    expect(error.kind).toBe('provider');
    expect(error.code).toBe('timeout');
    expect(fake.requests).toHaveLength(2);
    expect(await Promise.all(fake.requests.map((r) => r.settled))).toEqual(['closed', 'closed']);
  });

  it('treats a slow answer within the timeout as a success', async () => {
    fake.setBehaviour({ delayMs: 150 });
    expect(await generator({ timeoutMs: 2_000 }).generate(request())).toHaveLength(3);
    expect(fake.requests).toHaveLength(1);
  });

  it('fails with an output error keeping the raw text when the content is not JSON', async () => {
    fake.setBehaviour({ reply: 'malformed' });
    const error = await failure(generator().generate(request()));
    expect(error.kind).toBe('output');
    expect(error.code).toBe('unparseable_output');
    expect(error.options.raw).toBe('Sure! Here are some questions: 1. What is it? 2. Why');
    expect(fake.requests).toHaveLength(1); // output errors are not retried
  });

  it('fails with an output error on the wrong shape', async () => {
    fake.setBehaviour({ reply: 'wrong-shape' });
    const error = await failure(generator().generate(request()));
    expect(error.kind).toBe('output');
    expect(error.code).toBe('unparseable_output');
    expect(error.options.raw).toBe('{"q": 1}');
  });

  it('fails with an output error when no usable question remains, and truncates raw to 10k chars', async () => {
    fake.setBehaviour({ reply: { content: JSON.stringify({ questions: ['  ', ''] }) } });
    expect((await failure(generator().generate(request()))).kind).toBe('output');

    const huge = `not json ${'x'.repeat(20_000)}`;
    fake.setBehaviour({ reply: { content: huge } });
    const error = await failure(generator().generate(request()));
    expect(error.options.raw).toHaveLength(10_000);
    expect(error.options.raw).toBe(huge.slice(0, 10_000));
  });

  it('aborting mid-request cancels the HTTP request at once', async () => {
    fake.setBehaviour({ reply: 'hang' });
    const controller = new AbortController();
    const pending = failure(generator({ timeoutMs: 30_000 }).generate(request({ signal: controller.signal })));
    await fake.waitForRequests(1);

    const abortedAt = performance.now();
    controller.abort();
    const error = await pending;

    expect(error.kind).toBe('aborted');
    expect(performance.now() - abortedAt).toBeLessThan(1_000);
    expect(await fake.requests[0]!.settled).toBe('closed');
    expect(fake.requests).toHaveLength(1);
  });

  it('aborting during a Retry-After wait ends the wait at once', async () => {
    fake.setBehaviour({ failNext: { count: 1, status: 429, headers: { 'retry-after': '60' } } });
    // The generator calls pauseUntil right before it starts waiting: that is the sync point.
    let waiting!: () => void;
    const waitStarted = new Promise<void>((resolve) => (waiting = resolve));
    const limiter: RateLimiter = { acquire: async () => {}, pauseUntil: () => waiting() };
    const controller = new AbortController();
    const pending = failure(generator({ limiter }).generate(request({ signal: controller.signal })));
    await waitStarted;

    const abortedAt = performance.now();
    controller.abort();
    const error = await pending;

    expect(error.kind).toBe('aborted');
    expect(performance.now() - abortedAt).toBeLessThan(1_000);
    expect(fake.requests).toHaveLength(1);
  });

  it('aborting while queued in the rate limiter sends nothing', async () => {
    const limiter = createRateLimiter({ requestsPerMinute: 1 });
    const gen = generator({ limiter });
    expect(await gen.generate(request())).toHaveLength(3); // uses the only token

    const controller = new AbortController();
    const pending = failure(gen.generate(request({ signal: controller.signal })));
    await vi.waitFor(() => expect(limiter.pending).toBe(1));
    controller.abort();

    expect((await pending).kind).toBe('aborted');
    expect(limiter.pending).toBe(0);
    expect(fake.requests).toHaveLength(1);
  });

  it('an already-aborted signal sends nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    expect((await failure(generator().generate(request({ signal: controller.signal })))).kind).toBe('aborted');
    expect(fake.requests).toHaveLength(0);
  });

  it.each([
    [400, 'provider_rejected'],
    [413, 'provider_rejected'],
    [401, 'provider_config'],
    [403, 'provider_config'],
    [404, 'provider_config'],
  ])('fails a %i at once with %s, without retries', async (status, code) => {
    fake.setBehaviour({ reply: { status, message: `nope ${status}` } });
    const error = await failure(generator().generate(request()));
    expect(error.kind).toBe('provider');
    expect(error.code).toBe(code);
    expect(error.message).toContain(`nope ${status}`);
    expect(fake.requests).toHaveLength(1);
  });

  it('never puts the API key in error messages or causes', async () => {
    const errors: GenerationError[] = [];
    // A server that checks the key and echoes the wrong one back, as some gateways do.
    fake.setBehaviour({
      reply: {
        status: 401,
        message: `Incorrect API key provided: ${API_KEY}. Authorization: Bearer ${API_KEY}`,
      },
    });
    errors.push(await failure(generator().generate(request())));
    // The same echoed in a 500 until retries run out.
    fake.setBehaviour({ reply: { status: 500, message: `key ${API_KEY} broke it` } });
    errors.push(await failure(generator({ maxRetries: 1 }).generate(request())));
    // The fake's own 401 for a wrong key.
    fake.setBehaviour({ apiKey: 'sk-the-right-one' });
    errors.push(await failure(generator().generate(request())));
    // A connection error (nothing listens there).
    const closed = await startFakeOpenAI();
    await closed.close();
    errors.push(await failure(generator({ baseURL: closed.url, maxRetries: 1 }).generate(request())));

    expect(errors.map((e) => e.code)).toEqual(['provider_config', 'provider_error', 'provider_config', 'provider_error']);
    expect(errors[0]!.message).toContain('[redacted]');
    expect(errors[3]!.message).toMatch(/connection error/i);
    for (const error of errors) {
      const everything = [error.message, String(error.cause), error.stack, JSON.stringify(error.options)].join('\n');
      expect(everything).not.toContain(API_KEY);
      expect(everything).not.toContain('SECRET-0123456789');
    }
  });

  it('falls back json_schema → json_object → none when the endpoint rejects response_format, and remembers', async () => {
    fake.setBehaviour({ rejectResponseFormats: ['json_schema', 'json_object'] });
    const gen = generator();
    expect(await gen.generate(request())).toHaveLength(3);
    expect(await gen.generate(request())).toHaveLength(3);

    expect(fake.requests.map((r) => [r.status, r.body.response_format?.type ?? 'none'])).toEqual([
      [400, 'json_schema'],
      [400, 'json_object'],
      [200, 'none'],
      [200, 'none'],
    ]);
  });

  it('asks for json_object when configured', async () => {
    expect(await generator({ responseFormat: 'json_object' }).generate(request())).toHaveLength(3);
    expect(fake.requests[0]!.body.response_format).toEqual({ type: 'json_object' });
  });

  it('a shared 600/min limiter spaces a burst of concurrent calls by construction', async () => {
    const burst = 5;
    const createdAt = fakeNow();
    const limiter = createRateLimiter({ requestsPerMinute: 600, burst }); // one token per 100 ms
    fake.setBehaviour({ rateLimit: { limit: 600 } }); // the provider's own 600/min: must never answer 429
    const gen = generator({ limiter });
    const calls = 15;

    const results = await Promise.all(Array.from({ length: calls }, () => gen.generate(request({ count: 1 }))));

    expect(results.every((questions) => questions.length === 1)).toBe(true);
    expect(fake.requests).toHaveLength(calls);
    expect(fake.requests.every((r) => r.status === 200)).toBe(true);
    // Count in windows anchored at the limiter's creation: by construction at most
    // burst + floor(T / 100 ms) requests can have been granted, hence arrive, within [0, T].
    const arrivals = fake.requests.map((r) => r.receivedAt - createdAt);
    for (let t = 0; t <= 1_500; t += 50) {
      const within = arrivals.filter((at) => at <= t).length;
      expect(within, `arrivals within ${t} ms`).toBeLessThanOrEqual(burst + Math.floor(t / 100));
    }
  });
});

describe('createRateLimiter (simulated clock)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  async function grantTimes(options: { requestsPerMinute: number; burst?: number }, count: number, runMs: number) {
    vi.useFakeTimers();
    const start = Date.now();
    const limiter = createRateLimiter({ ...options, now: () => Date.now() });
    const times: number[] = [];
    const signal = new AbortController().signal;
    for (let i = 0; i < count; i++) void limiter.acquire(signal).then(() => times.push(Date.now() - start));
    await vi.advanceTimersByTimeAsync(runMs);
    return { times, limiter };
  }

  function maxInWindow(times: number[], windowMs: number) {
    let max = 0;
    for (const t of times) max = Math.max(max, times.filter((u) => u >= t && u < t + windowMs).length);
    return max;
  }

  it('grants the burst at once, then one per 60/rpm seconds', async () => {
    const { times } = await grantTimes({ requestsPerMinute: 600, burst: 10 }, 30, 5_000);
    expect(times).toHaveLength(30);
    expect(times.slice(0, 10)).toEqual(Array(10).fill(0));
    for (let k = 10; k < 30; k++) {
      expect(times[k]).toBeGreaterThanOrEqual((k - 9) * 100);
      expect(times[k]).toBeLessThanOrEqual((k - 9) * 100 + 2);
    }
  });

  it('never exceeds N within any 60 s window and sustains ≥ 95 % of N/min', async () => {
    const { times } = await grantTimes({ requestsPerMinute: 60, burst: 5 }, 400, 300_000);
    expect(maxInWindow(times, 60_000)).toBeLessThanOrEqual(60);
    // 5 minutes at 60/min.
    expect(times.length).toBeGreaterThanOrEqual(0.95 * 300);
    expect(times.length).toBeLessThanOrEqual(300);
  });

  it('pauseUntil holds every grant back until then, and never shortens a pause', async () => {
    vi.useFakeTimers();
    const limiter = createRateLimiter({ requestsPerMinute: 6_000, burst: 100, now: () => Date.now() });
    const signal = new AbortController().signal;
    const start = Date.now();
    limiter.pauseUntil(new Date(start + 2_000));
    limiter.pauseUntil(start + 1_000); // shorter: ignored
    const granted: number[] = [];
    for (let i = 0; i < 3; i++) void limiter.acquire(signal).then(() => granted.push(Date.now() - start));

    await vi.advanceTimersByTimeAsync(1_999);
    expect(granted).toEqual([]);
    await vi.advanceTimersByTimeAsync(10);
    expect(granted).toHaveLength(3);
    expect(Math.min(...granted)).toBeGreaterThanOrEqual(2_000);
  });

  it('aborting a queued acquire rejects it and lets the next waiter through in order', async () => {
    vi.useFakeTimers();
    const limiter = createRateLimiter({ requestsPerMinute: 60, burst: 1, now: () => Date.now() });
    const never = new AbortController().signal;
    await limiter.acquire(never);
    const first = new AbortController();
    const order: string[] = [];
    const a = limiter.acquire(first.signal).then(
      () => order.push('a'),
      () => order.push('a aborted'),
    );
    const b = limiter.acquire(never).then(() => order.push('b'));
    first.abort();
    await a;
    expect(order).toEqual(['a aborted']);
    await vi.advanceTimersByTimeAsync(1_100);
    await b;
    expect(order).toEqual(['a aborted', 'b']);

    const aborted = new AbortController();
    aborted.abort(new Error('gone'));
    await expect(limiter.acquire(aborted.signal)).rejects.toThrow('gone');
  });

  it('takes a new rate at once, counting the last minute against it', async () => {
    vi.useFakeTimers();
    const start = Date.now();
    const limiter = createRateLimiter({ requestsPerMinute: 600, burst: 1, now: () => Date.now() });
    const signal = new AbortController().signal;
    const times: number[] = [];
    for (let i = 0; i < 40; i++) void limiter.acquire(signal).then(() => times.push(Date.now() - start));
    await vi.advanceTimersByTimeAsync(1_000); // 10/s: about 10 grants
    const fast = times.length;
    expect(fast).toBeGreaterThanOrEqual(9);
    expect(fast).toBeLessThanOrEqual(11);
    limiter.setRequestsPerMinute(120); // shared with another process now: 2/s
    expect(limiter.requestsPerMinute).toBe(120);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(times.length - fast).toBeGreaterThanOrEqual(9);
    expect(times.length - fast).toBeLessThanOrEqual(11);
    // And within any minute, never more than the new limit plus what was granted before it applied.
    limiter.setRequestsPerMinute(12);
    const before = times.length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(times.length - before).toBeLessThanOrEqual(12);
  });

  it('rejects a non-positive rate', () => {
    expect(() => createRateLimiter({ requestsPerMinute: 0 })).toThrow(RangeError);
  });
});

describe('OpenAI generator helpers', () => {
  it('parseQuestions accepts the object, a bare array, fences, a leading sentence and <think> blocks', () => {
    const ok = (text: string) => parseQuestions(text);
    expect(ok('{"questions": ["A?", "B?"]}')).toEqual({ ok: true, questions: ['A?', 'B?'] });
    expect(ok('["A?"]')).toEqual({ ok: true, questions: ['A?'] });
    expect(ok('```json\n{"questions": ["A?"]}\n```')).toEqual({ ok: true, questions: ['A?'] });
    expect(ok('```\n{"questions": ["A?"]}\n```')).toEqual({ ok: true, questions: ['A?'] });
    expect(ok('Here you go: {"questions": ["A?"]} Hope it helps.')).toEqual({ ok: true, questions: ['A?'] });
    expect(ok('<think>{"questions": ["no"]}</think>\n{"questions": ["A?"]}')).toEqual({ ok: true, questions: ['A?'] });
    expect(ok('{"questions": ["A?"], "extra": true}')).toEqual({ ok: true, questions: ['A?'] });
  });

  it('parseQuestions rejects non-JSON and wrong shapes with a reason', () => {
    for (const text of ['', 'no json here', '{"q": 1}', '{"questions": "A?"}', '{"questions": [1, 2]}', '{"questions": [']) {
      const result = parseQuestions(text);
      expect(result.ok, text).toBe(false);
      if (!result.ok) expect(result.reason).toBeTruthy();
    }
  });

  it('retryAfterMs reads retry-after-ms, delta-seconds and HTTP dates', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '1500', 'retry-after': '9' }), now)).toBe(1500);
    expect(retryAfterMs(new Headers({ 'retry-after': '2' }), now)).toBe(2000);
    expect(retryAfterMs(new Headers({ 'retry-after': '0.5' }), now)).toBe(500);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:07 GMT' }), now)).toBe(7000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Wed, 31 Dec 2025 23:00:00 GMT' }), now)).toBe(0);
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(retryAfterMs(new Headers(), now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });

  it('backoffMs is full jitter under an exponential ceiling', () => {
    expect(backoffMs(0, 500, 30_000, () => 0.999)).toBeCloseTo(499.5);
    expect(backoffMs(3, 500, 30_000, () => 0.5)).toBe(2_000);
    expect(backoffMs(10, 500, 30_000, () => 1)).toBe(30_000);
    expect(backoffMs(2, 500, 30_000, () => 0)).toBe(0);
  });
});
