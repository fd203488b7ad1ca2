import { gunzipSync } from 'node:zlib';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { createAuthUser } from '@/lib/boot/seed';
import { E2E_DATA_DIR } from '../../playwright.config';
import { connectToDataDir } from './support/db';
import { seedReviewedRun } from './support/review';

/** The review API over real HTTP: shapes, bad input (clear 4xx, nothing changed), and who may do what. */
test.use({ storageState: { cookies: [], origins: [] } });

const sql = connectToDataDir(E2E_DATA_DIR);
test.afterAll(async () => sql.end());

async function signIn(request: APIRequestContext, email: string, password: string) {
  const response = await request.post('/api/auth/token', { data: { email, password } });
  expect(response.status()).toBe(200);
  return { Authorization: `Bearer ${(await response.json()).access_token as string}` };
}

/** A viewer of the Demo workspace, and the admin of a workspace of their own. */
async function strangers(request: APIRequestContext) {
  const tag = Date.now().toString(36);
  const viewerId = await createAuthUser(sql, `review-viewer-${tag}@e2e.test`, 'review-password');
  const outsiderId = await createAuthUser(sql, `review-outsider-${tag}@e2e.test`, 'review-password');
  const [demo] = await sql<{ id: string }[]>`select id from public.workspaces where name = 'Demo'`;
  await sql`insert into public.workspace_members (workspace_id, user_id, role) values (${demo!.id}, ${viewerId}, 'viewer')`;
  const [own] = await sql<{ id: string }[]>`insert into public.workspaces (name) values (${`Elsewhere ${tag}`}) returning id`;
  await sql`insert into public.workspace_members (workspace_id, user_id, role) values (${own!.id}, ${outsiderId}, 'admin')`;
  return {
    viewer: await signIn(request, `review-viewer-${tag}@e2e.test`, 'review-password'),
    outsider: await signIn(request, `review-outsider-${tag}@e2e.test`, 'review-password'),
  };
}

const states = async (runId: string) => (await sql<{ h: string }[]>`select md5(string_agg(id || review_state || question, ',' order by id)) as h from public.pairs where run_id = ${runId}`)[0]!.h;

test('pairs, bulk, undo, single decisions and export over HTTP', async ({ request }) => {
  const run = await seedReviewedRun(request, sql, 'ReviewAPI');
  const { headers } = run;
  const base = `/api/runs/${run.runId}`;

  // A filtered page with signals, and cursors through a signal order.
  const dupes = await (await request.get(`${base}/pairs?signal=duplicate&limit=5`, { headers })).json();
  expect(dupes.pairs).toHaveLength(5);
  expect(dupes.pairs[0]).toMatchObject({ question: 'How do workers heartbeat and open the circuit breaker?', signals: { duplicate_of: expect.any(Number) } });
  const next = await (await request.get(`${base}/pairs?signal=duplicate&limit=5&cursor=${dupes.next_cursor}`, { headers })).json();
  expect(next.pairs.map((p: { id: number }) => p.id).filter((id: number) => dupes.pairs.some((d: { id: number }) => d.id === id))).toEqual([]);
  const searched = await (await request.get(`${base}/pairs?q=${encodeURIComponent('note 3')}&sort=bm25`, { headers })).json();
  expect(searched.pairs.map((p: { question: string }) => p.question)).toContain('What does ReviewAPI note 3 say about the finished chunks?');

  // Bulk by filter, then undo.
  const bulk = await request.post(`${base}/pairs/bulk`, { headers, data: { filter: { signal: 'too_short' }, action: 'reject' } });
  expect(bulk.status()).toBe(200);
  expect(await bulk.json()).toEqual({ affected: run.counts.short, batch_id: expect.any(Number) });
  const undo = await request.post(`${base}/pairs/bulk/undo`, { headers });
  expect(await undo.json()).toMatchObject({ restored: run.counts.short, skipped: 0 });
  expect((await request.post(`${base}/pairs/bulk/undo`, { headers })).status()).toBe(422);

  // One pair: a decision, an edit.
  const pairId = dupes.pairs[0].id as number;
  const decided = await request.patch(`/api/pairs/${pairId}`, { headers, data: { review_state: 'rejected' } });
  expect(await decided.json()).toEqual({ pair: { id: pairId, question: dupes.pairs[0].question, review_state: 'rejected', run_id: run.runId } });
  const edited = await request.patch(`/api/pairs/${pairId}`, { headers, data: { question: 'How does a worker heartbeat?' } });
  expect((await edited.json()).pair).toMatchObject({ question: 'How does a worker heartbeat?', review_state: 'approved' });

  // Export, gzipped, with the right name.
  const exported = await request.get(`${base}/export?format=jsonl&state=approved&gzip=true`, { headers });
  expect(exported.headers()['content-disposition']).toBe(`attachment; filename="recall-${run.runId.slice(0, 8)}-jsonl.jsonl.gz"`);
  const lines = gunzipSync(await exported.body()).toString('utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
  expect(lines).toEqual([expect.objectContaining({ pair_id: pairId, question: 'How does a worker heartbeat?', review_state: 'approved' })]);
  const csv = await request.get(`${base}/export?format=csv&state=all`, { headers });
  expect(csv.headers()['content-type']).toMatch(/^text\/csv/);
  // Records end at a line break outside quotes (passages have line breaks of their own).
  let records = 0;
  let quoted = false;
  for (const ch of await csv.text()) {
    if (ch === '"') quoted = !quoted;
    else if (ch === '\n' && !quoted) records++;
  }
  expect(records).toBe(run.counts.pairs + 1);
});

test('bad input gets a clear 4xx and changes nothing', async ({ request }) => {
  const run = await seedReviewedRun(request, sql, 'ReviewBad');
  const { headers } = run;
  const base = `/api/runs/${run.runId}`;
  const before = await states(run.runId);
  const code = async (response: Awaited<ReturnType<APIRequestContext['get']>>) => [response.status(), ((await response.json()) as { error?: { code: string } }).error?.code];

  expect(await code(await request.get(`${base}/pairs?colour=red`, { headers }))).toEqual([422, 'validation_failed']);
  expect(await code(await request.get(`${base}/pairs?signal=shiny`, { headers }))).toEqual([422, 'validation_failed']);
  expect(await code(await request.get(`${base}/pairs?state=maybe`, { headers }))).toEqual([422, 'validation_failed']);
  expect(await code(await request.get(`${base}/pairs?sort=random`, { headers }))).toEqual([422, 'validation_failed']);
  expect(await code(await request.get(`${base}/pairs?q=${'x'.repeat(201)}`, { headers }))).toEqual([422, 'validation_failed']);
  expect(await code(await request.get(`${base}/pairs?q=a&q=b`, { headers }))).toEqual([422, 'validation_failed']);
  expect(await code(await request.get(`${base}/pairs?cursor=bm90LWEtY3Vyc29y`, { headers }))).toEqual([400, 'bad_request']);
  const bm25Cursor = (await (await request.get(`${base}/pairs?sort=bm25&limit=1`, { headers })).json()).next_cursor;
  expect(await code(await request.get(`${base}/pairs?cursor=${bm25Cursor}`, { headers }))).toEqual([400, 'bad_request']);
  expect(await code(await request.get(`${base}/pairs?document_id=nope`, { headers }))).toEqual([422, 'validation_failed']);

  expect(await code(await request.post(`${base}/pairs/bulk`, { headers, data: { filter: {}, action: 'delete' } }))).toEqual([422, 'validation_failed']);
  expect(await code(await request.post(`${base}/pairs/bulk`, { headers, data: { filter: { colour: 'red' }, action: 'reject' } }))).toEqual([422, 'validation_failed']);
  expect(await code(await request.post(`${base}/pairs/bulk`, { headers, data: { filter: { signal: 'shiny' }, action: 'reject' } }))).toEqual([422, 'validation_failed']);
  expect(await code(await request.post(`${base}/pairs/bulk`, { headers: { ...headers, 'content-type': 'text/plain' }, data: 'reject all' }))).toEqual([415, 'unsupported_media_type']);

  expect(await code(await request.get(`${base}/export?format=parquet`, { headers }))).toEqual([422, 'validation_failed']);
  expect(await code(await request.get(`${base}/export`, { headers }))).toEqual([422, 'validation_failed']);
  expect(await code(await request.get(`${base}/export?format=csv&state=maybe`, { headers }))).toEqual([422, 'validation_failed']);

  const [pair] = await sql<{ id: number }[]>`select min(id)::int as id from public.pairs where run_id = ${run.runId}`;
  expect(await code(await request.patch(`/api/pairs/${pair!.id}`, { headers, data: { question: 'x' } }))).toEqual([422, 'validation_failed']);
  expect(await code(await request.patch(`/api/pairs/${pair!.id}`, { headers, data: { review_state: 'maybe' } }))).toEqual([422, 'validation_failed']);
  expect(await code(await request.patch(`/api/pairs/${pair!.id}`, { headers, data: {} }))).toEqual([422, 'validation_failed']);
  expect(await code(await request.patch('/api/pairs/abc', { headers, data: { review_state: 'approved' } }))).toEqual([404, 'not_found']);

  // A run that is generating takes no bulk decision (the set the filter names is still growing).
  await sql`update public.runs set status = 'generating', heartbeat_at = now() + interval '1 minute' where id = ${run.runId}`;
  const refused = await request.post(`${base}/pairs/bulk`, { headers, data: { filter: {}, action: 'approve' } });
  expect(refused.status()).toBe(409);
  expect((await refused.json()).error).toMatchObject({ code: 'invalid_state', status: 'generating' });
  await sql`update public.runs set status = 'generated', heartbeat_at = null where id = ${run.runId}`;
  expect(await states(run.runId)).toBe(before);
});

test('viewers read and export but do not decide; other workspaces see nothing', async ({ request }) => {
  const run = await seedReviewedRun(request, sql, 'ReviewRoles');
  const { viewer, outsider } = await strangers(request);
  const base = `/api/runs/${run.runId}`;
  const before = await states(run.runId);
  const [pair] = await sql<{ id: number }[]>`select min(id)::int as id from public.pairs where run_id = ${run.runId}`;

  expect((await request.get(`${base}/pairs`, { headers: viewer })).status()).toBe(200);
  expect((await request.get(`${base}/export?format=sentence-transformers&state=all`, { headers: viewer })).status()).toBe(200);
  expect((await request.post(`${base}/pairs/bulk`, { headers: viewer, data: { filter: {}, action: 'reject' } })).status()).toBe(403);
  expect((await request.post(`${base}/pairs/bulk/undo`, { headers: viewer })).status()).toBe(403);
  expect((await request.patch(`/api/pairs/${pair!.id}`, { headers: viewer, data: { review_state: 'rejected' } })).status()).toBe(403);

  for (const [method, url, data] of [
    ['GET', `${base}/pairs`, undefined],
    ['GET', `${base}/export?format=csv`, undefined],
    ['POST', `${base}/pairs/bulk`, { filter: {}, action: 'reject' }],
    ['POST', `${base}/pairs/bulk/undo`, undefined],
    ['PATCH', `/api/pairs/${pair!.id}`, { review_state: 'rejected' }],
  ] as const) {
    expect((await request.fetch(url, { method, headers: outsider, data })).status(), `${method} ${url}`).toBe(404);
  }
  expect(await states(run.runId)).toBe(before);
});
