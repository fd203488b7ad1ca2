import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pruneEmbeddingCache, withEmbeddingCache } from '@/lib/embeddings/cache';
import { createOpenAIEmbedder, EmbeddingError } from '@/lib/embeddings/openai';
import { dot } from '@/lib/embeddings/vector';
import { createTestDatabase } from '../support/db';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai';

/** The OpenAI-compatible embedder against a real HTTP fake that can be slow, limit, fail and lie. */
describe('OpenAI-compatible embeddings', () => {
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.setBehaviour({});
    fake.clearRequests();
  });
  const embedder = (extra: Record<string, unknown> = {}) =>
    createOpenAIEmbedder({ baseURL: fake.url, apiKey: 'sk-test-embeddings-secret', model: 'fake-embed', retryBaseDelayMs: 5, retryMaxDelayMs: 20, maxRetries: 2, ...extra });

  it('learns the dimension, answers unit vectors in input order, and names its space', async () => {
    const e = await embedder();
    expect(e.space).toEqual({ provider: 'openai', model: 'fake-embed', dim: 64, key: expect.stringMatching(/^openai:127\.0\.0\.1:\d+\/fake-embed:64$/) });
    const [a, b, c] = (await e.embed(['cancel a run', 'how to cancel a run', 'postgres data folder'], 'passage')) as Float32Array[];
    expect(dot(a!, a!)).toBeCloseTo(1, 5);
    expect(dot(a!, b!)).toBeGreaterThan(dot(a!, c!));
    const configured = await embedder({ dimensions: 32 });
    expect(configured.space.dim).toBe(32);
    const [short] = (await configured.embed(['cancel a run'], 'query')) as Float32Array[];
    expect(short!.length).toBe(32);
    expect(fake.requests.at(-1)!.body).toMatchObject({ model: 'fake-embed', dimensions: 32, encoding_format: 'float' });
  });

  it('waits as a 429 asks (Retry-After), retries a 500, and gives up with the provider’s code', async () => {
    const e = await embedder();
    fake.clearRequests();
    fake.setBehaviour({ failNext: { count: 1, status: 429, headers: { 'retry-after-ms': '120' } } });
    const started = Date.now();
    await e.embed(['one'], 'query');
    expect(Date.now() - started).toBeGreaterThanOrEqual(115);
    expect(fake.requests.map((r) => r.status)).toEqual([429, 200]);
    fake.setBehaviour({ failNext: { count: 1, status: 500 } });
    await expect(e.embed(['two'], 'query')).resolves.toHaveLength(1);
    fake.setBehaviour({ failNext: { count: 10, status: 500 } });
    await expect(e.embed(['three'], 'query')).rejects.toMatchObject({ name: 'EmbeddingError', code: 'provider_error', message: expect.stringContaining('gave up after 3 attempts') });
  });

  it('times out a provider that does not answer', async () => {
    const e = await embedder({ timeoutMs: 100, maxRetries: 0 });
    fake.setBehaviour({ delayMs: 400 });
    await expect(e.embed(['slow'], 'query')).rejects.toMatchObject({ code: 'timeout' });
  });

  it.each([
    ['garbage', 'unusable_embeddings'],
    ['wrong-dimensions', 'wrong_dimensions'],
    ['wrong-count', 'unusable_embeddings'],
  ] as const)('refuses an answer that is %s', async (reply, code) => {
    const e = await embedder();
    fake.setBehaviour({ embeddings: { reply } });
    const attempt = e.embed(['a', 'b', 'c'], 'passage');
    await expect(attempt).rejects.toBeInstanceOf(EmbeddingError);
    await expect(attempt).rejects.toMatchObject({ code });
  });

  it('says a refused key is a configuration error, and never repeats the key', async () => {
    fake.setBehaviour({ apiKey: 'another-key' });
    const attempt = embedder();
    await expect(attempt).rejects.toMatchObject({ code: 'provider_config' });
    await expect(attempt).rejects.not.toHaveProperty('message', expect.stringContaining('sk-test-embeddings-secret'));
  });
});

describe('the embedding cache', () => {
  let fake: FakeOpenAI;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await fake.close();
    await db.drop();
  });

  it('embeds a text once per space and role, across instances, and stays under its bound', async () => {
    const base = await createOpenAIEmbedder({ baseURL: fake.url, model: 'fake-embed' });
    fake.clearRequests();
    const first = withEmbeddingCache(db.sql, base);
    const vectors = await first.embed(['alpha', 'beta', 'alpha'], 'passage');
    expect(first.stats).toEqual({ hits: 0, misses: 2 });
    expect(fake.requests).toHaveLength(1);
    // A new instance (another worker, a restart) reads them back: no call.
    const second = withEmbeddingCache(db.sql, base);
    const again = await second.embed(['beta', 'alpha'], 'passage');
    expect(second.stats).toEqual({ hits: 2, misses: 0 });
    expect(fake.requests).toHaveLength(1);
    expect(Array.from(again[1] as Float32Array)).toEqual(Array.from(vectors[0] as Float32Array));
    // Queries are cached apart from passages.
    await second.embed(['alpha'], 'query');
    expect(fake.requests).toHaveLength(2);
    const [{ n }] = (await db.sql`select count(*)::int as n from private.embedding_cache`) as unknown as [{ n: number }];
    expect(n).toBe(3);
    expect(await pruneEmbeddingCache(db.sql, 1)).toBe(2);
    const left = await db.sql`select role from private.embedding_cache`;
    expect(left).toEqual([{ role: 'query' }]);
  });
});
