import { expect, test, type APIRequestContext } from '@playwright/test';
import { E2E_ADMIN, E2E_DATA_DIR } from '../../playwright.config';
import { connectToDataDir } from './support/db';

test.use({ storageState: { cookies: [], origins: [] } });

async function bearer(request: APIRequestContext) {
  const { access_token } = await (await request.post('/api/auth/token', { data: E2E_ADMIN })).json();
  return { Authorization: `Bearer ${access_token}` };
}

const paragraph = (topic: string, i: number) =>
  `## ${topic} ${i}\n\n${topic} section ${i} explains that a cancelled run keeps its finished chunks, and that proceed resumes from the true count of ${i * 7} chunks.`;

test('a corpus, its documents and a generation run, end to end over HTTP', async ({ request }) => {
  const headers = await bearer(request);
  const name = `API corpus ${Date.now()}`;
  const created = await request.post('/api/corpora', { headers, data: { name, chunk_size: 64, chunk_overlap: 8 } });
  expect(created.status()).toBe(201);
  const corpus = await created.json();
  expect(corpus).toMatchObject({ name, document_count: 0, chunk_count: 0 });
  expect((await request.post('/api/corpora', { headers, data: { name } })).status()).toBe(409);

  const json = await request.post(`/api/corpora/${corpus.id}/documents`, {
    headers,
    data: { title: 'Guide', text: Array.from({ length: 12 }, (_, i) => paragraph('Guide', i)).join('\n\n') },
  });
  expect(json.status()).toBe(201);
  const guide = await json.json();
  expect(guide.chunk_count).toBeGreaterThan(5);

  const upload = await request.post(`/api/corpora/${corpus.id}/documents`, {
    headers,
    multipart: { file: { name: 'faq.md', mimeType: 'text/markdown', buffer: Buffer.from(Array.from({ length: 6 }, (_, i) => paragraph('FAQ', i)).join('\n\n')) } },
  });
  expect(upload.status()).toBe(201);
  const faq = await upload.json();

  // Bad documents are refused with a clear error and change nothing.
  const sql = connectToDataDir(E2E_DATA_DIR);
  const count = async () => (await sql`select count(*)::int as n from public.chunks where corpus_id = ${corpus.id}`)[0]!.n;
  const before = await count();
  expect(before).toBe(guide.chunk_count + faq.chunk_count);
  const binary = await request.post(`/api/corpora/${corpus.id}/documents`, {
    headers,
    multipart: { file: { name: 'blob.txt', mimeType: 'text/plain', buffer: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0xff, 0xfe, 0x00, 0x01]) } },
  });
  expect(binary.status()).toBe(422);
  expect((await binary.json()).error.code).toBe('unsupported_document');
  const pdf = await request.post(`/api/corpora/${corpus.id}/documents`, {
    headers,
    multipart: { file: { name: 'paper.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7') } },
  });
  expect(pdf.status()).toBe(422);
  const empty = await request.post(`/api/corpora/${corpus.id}/documents`, { headers, data: { title: 'Empty', text: '  ' } });
  expect(empty.status()).toBe(422);
  const huge = await request.post(`/api/corpora/${corpus.id}/documents`, { headers, data: { title: 'Huge', text: 'a'.repeat(6 * 1024 * 1024) } });
  expect(huge.status()).toBe(413);
  expect(await count()).toBe(before);

  // Start a run; a second start is blocked and names the blocking run.
  const started = await request.post('/api/runs', { headers, data: { corpus_id: corpus.id, config: { generator: 'offline', questions_per_chunk: 2 } } });
  expect(started.status()).toBe(202);
  const { run_id } = await started.json();
  const blocked = await request.post('/api/runs', { headers, data: { corpus_id: corpus.id } });
  expect(blocked.status()).toBe(409);
  expect((await blocked.json()).error).toMatchObject({ code: 'run_blocked', blocking_run_id: run_id });

  // The in-process worker generates it.
  await expect
    .poll(async () => (await (await request.get(`/api/runs/${run_id}`, { headers })).json()).status, { timeout: 30_000 })
    .toBe('generated');
  const run = await (await request.get(`/api/runs/${run_id}`, { headers })).json();
  expect(run).toMatchObject({ total_chunks: before, processed_chunks: before, failed_chunks: 0, pair_count: before * 2, error: null, stop_reason: 'target_reached' });

  const pairs = await (await request.get(`/api/runs/${run_id}/pairs`, { headers })).json();
  expect(pairs.pairs.length).toBe(Math.min(100, before * 2));
  expect(pairs.pairs[0]).toMatchObject({ ordinal: expect.any(Number), question: expect.stringMatching(/\?$/), review_state: 'pending' });
  const [db] = await sql`select count(*)::int as pairs, count(distinct (chunk_id, ordinal))::int as distinct_pairs from public.pairs where run_id = ${run_id}`;
  expect(db).toEqual({ pairs: before * 2, distinct_pairs: before * 2 });

  // Wrong state answers 409 with the current status; remove answers how many pairs went.
  const proceed = await request.post(`/api/runs/${run_id}/proceed`, { headers });
  expect(proceed.status()).toBe(409);
  expect((await proceed.json()).error).toMatchObject({ code: 'invalid_state', status: 'generated' });
  const removed = await request.delete(`/api/runs/${run_id}`, { headers });
  expect(await removed.json()).toEqual({ deleted_pairs: before * 2 });
  expect((await request.get(`/api/runs/${run_id}`, { headers })).status()).toBe(404);
  await sql.end();
});

test('a generated run trains over HTTP and reports how retrieval changed', async ({ request }) => {
  const headers = await bearer(request);
  const corpus = await (await request.post('/api/corpora', { headers, data: { name: `Train corpus ${Date.now()}`, chunk_size: 64, chunk_overlap: 8 } })).json();
  const topics = ['Cancel', 'Proceed', 'Workers', 'Review', 'Lineage', 'Blocking'];
  await request.post(`/api/corpora/${corpus.id}/documents`, {
    headers,
    data: { title: 'Handbook', text: topics.flatMap((topic) => [1, 2, 3].map((i) => paragraph(topic, i))).join('\n\n') },
  });
  const { run_id } = await (await request.post('/api/runs', { headers, data: { corpus_id: corpus.id, config: { generator: 'offline' } } })).json();
  const status = async () => (await (await request.get(`/api/runs/${run_id}`, { headers })).json()).status;
  await expect.poll(status, { timeout: 30_000 }).toBe('generated');

  const train = await request.post(`/api/runs/${run_id}/train`, { headers });
  expect(train.status()).toBe(202);
  expect(await train.json()).toMatchObject({ id: run_id, status: 'training', training: { steps_done: 0 } });
  await expect.poll(status, { timeout: 60_000 }).toBe('completed');
  const run = await (await request.get(`/api/runs/${run_id}`, { headers })).json();
  const measured = { queries: expect.any(Number), base: { mrr_at_10: expect.any(Number) }, adapted: { mrr_at_10: expect.any(Number) }, bm25: { mrr_at_10: expect.any(Number) } };
  expect(run.metrics).toMatchObject({ version: 2, split: { test_chunks: expect.any(Number) }, verdict: expect.stringMatching(/improved|not_significant|worse|no_improvement|not_measured/) });
  if (run.metrics.test) expect(run.metrics.test).toMatchObject({ ...measured, gain: { mrr_at_10: { low: expect.any(Number), high: expect.any(Number) } } });
  // Search the whole corpus three ways; bad questions are refused and nothing is searched.
  const search = await request.post(`/api/runs/${run_id}/search`, { headers, data: { query: 'How does a cancelled run resume?', k: 3 } });
  expect(search.status()).toBe(200);
  const found = await search.json();
  for (const list of [found.base, found.adapted, found.bm25]) {
    expect(list.length).toBeLessThanOrEqual(3);
    for (const hit of list) expect(hit).toMatchObject({ chunk_id: expect.any(String), document_id: expect.any(String), score: expect.any(Number) });
  }
  expect(found.bm25.length).toBe(3);
  for (const [data, code] of [[{ query: '' }, 422], [{ query: 'x', k: 0 }, 422], [{ query: 'x', k: 51 }, 422], [{ query: 'x'.repeat(1001) }, 422], [{ query: 'x'.repeat(20_000) }, 413], [{ query: 'x', extra: 1 }, 422]] as const) {
    expect((await request.post(`/api/runs/${run_id}/search`, { headers, data })).status()).toBe(code);
  }
  // The adapter, as JSON: the space, the form, its factors (W itself only where it fits).
  const adapter = await request.get(`/api/runs/${run_id}/adapter`, { headers });
  expect(adapter.headers()['content-disposition']).toContain(`recall-adapter-${run_id}.json`);
  const exported = await adapter.json();
  expect(exported).toMatchObject({ form: 'residual', rows: 16_384, cols: 16_384, embedder: { provider: 'builtin', dim: 16_384 }, weights: null, metrics: { version: 2 } });
  expect(Buffer.from(exported.factors.a, 'base64').length).toBe(exported.adapter_form === 'identity' ? 0 : 16_384 * 4);

  // A completed run cannot train again or be removed.
  expect((await (await request.post(`/api/runs/${run_id}/train`, { headers })).json()).error).toMatchObject({ code: 'invalid_state', status: 'completed' });
  expect((await request.delete(`/api/runs/${run_id}`, { headers })).status()).toBe(409);
});

test('run routes validate their input and hide other tenants', async ({ request }) => {
  const headers = await bearer(request);
  expect((await request.get('/api/runs/not-a-uuid', { headers })).status()).toBe(404);
  expect((await request.get('/api/runs/00000000-0000-4000-8000-000000000000', { headers })).status()).toBe(404);
  const bad = await request.post('/api/runs', { headers, data: { corpus_id: 'nope', config: { questions_per_chunk: 99 } } });
  expect(bad.status()).toBe(422);
  expect(Object.keys((await bad.json()).error.details.fieldErrors).sort()).toEqual(['config', 'corpus_id']);
  expect((await request.post('/api/runs', { data: { corpus_id: '00000000-0000-4000-8000-000000000000' } })).status()).toBe(401);
});

test('DELETE /api/corpora/{id}/documents/{documentId} removes a document, its chunks and their run rows', async ({ request }) => {
  const headers = await bearer(request);
  const corpus = await (await request.post('/api/corpora', { headers, data: { name: `Removal ${Date.now()}`, chunk_size: 64, chunk_overlap: 0 } })).json();
  const keep = await (await request.post(`/api/corpora/${corpus.id}/documents`, { headers, data: { title: 'Keep', text: [1, 2].map((i) => paragraph('Keep', i)).join('\n\n') } })).json();
  const drop = await (await request.post(`/api/corpora/${corpus.id}/documents`, { headers, data: { title: 'Drop', text: [1, 2, 3].map((i) => paragraph('Drop', i)).join('\n\n') } })).json();
  const { run_id } = await (await request.post('/api/runs', { headers, data: { corpus_id: corpus.id, config: { generator: 'offline' } } })).json();
  await expect.poll(async () => (await (await request.get(`/api/runs/${run_id}`, { headers })).json()).status, { timeout: 30_000 }).toBe('generated');

  const removed = await request.delete(`/api/corpora/${corpus.id}/documents/${drop.document_id}`, { headers });
  expect(removed.status()).toBe(200);
  expect(await removed.json()).toEqual({ deleted_chunks: drop.chunk_count, affected_runs: 1 });
  const run = await (await request.get(`/api/runs/${run_id}`, { headers })).json();
  expect(run).toMatchObject({ status: 'generated', total_chunks: keep.chunk_count, processed_chunks: keep.chunk_count });
  const corpora = (await (await request.get('/api/corpora', { headers })).json()).corpora as { id: string; document_count: number; chunk_count: number }[];
  expect(corpora.find((c) => c.id === corpus.id)).toMatchObject({ document_count: 1, chunk_count: keep.chunk_count });

  // Gone, unknown and malformed ids are all "not found", and change nothing.
  expect((await request.delete(`/api/corpora/${corpus.id}/documents/${drop.document_id}`, { headers })).status()).toBe(404);
  expect((await request.delete(`/api/corpora/${corpus.id}/documents/not-a-uuid`, { headers })).status()).toBe(404);
  expect((await request.delete(`/api/corpora/${corpus.id}/documents/${keep.document_id}`)).status()).toBe(401);
  await request.delete(`/api/runs/${run_id}`, { headers });
});
