import { expect, test, type APIRequestContext } from '@playwright/test';
import { E2E_BASE_URL, E2E_DATA_DIR } from '../../playwright.config';
import { adminHeaders, createCorpus, paragraphs } from './support/api';
import { connectToDataDir } from './support/db';
import { startForeignSite } from './support/foreign-site';

/**
 * CSRF: the signed-in admin (the project's storage state) visits another page of the same
 * site. Every cookie-authenticated write it attempts is refused in one place and changes
 * nothing; scripts with a Bearer token and the app's own pages go on working.
 */

async function generatedRun(request: APIRequestContext) {
  const corpus = await createCorpus(request, `CSRF ${Date.now()}`, paragraphs('Guard', 3));
  const { headers } = corpus;
  const { run_id } = await (await request.post('/api/runs', { headers, data: { corpus_id: corpus.id, config: { generator: 'offline' } } })).json();
  await expect.poll(async () => (await (await request.get(`/api/runs/${run_id}`, { headers })).json()).status, { timeout: 30_000 }).toBe('generated');
  const [document] = (await connectToDataDir(E2E_DATA_DIR)`select id from public.documents where corpus_id = ${corpus.id}`) as { id: string }[];
  return { corpusId: corpus.id, runId: run_id as string, documentId: document!.id, headers };
}

/** What a forged write could change: the corpus, its documents and the run, as one snapshot. */
async function snapshot(corpusId: string) {
  const sql = connectToDataDir(E2E_DATA_DIR);
  const [row] = await sql`
    select (select count(*)::int from public.corpora where name like 'Forged%') as forged_corpora,
           (select count(*)::int from public.documents where corpus_id = ${corpusId}) as documents,
           (select string_agg(id || ':' || status || ':' || pair_count, ',' order by created_at) from public.runs where corpus_id = ${corpusId}) as runs`;
  await sql.end();
  return row;
}

const unsafeRoutes = (t: { corpusId: string; runId: string; documentId: string }) =>
  [
    ['POST', '/api/corpora', { name: 'Forged corpus' }],
    ['POST', `/api/corpora/${t.corpusId}/documents`, { title: 'Forged', text: 'Forged text about runs.' }],
    ['DELETE', `/api/corpora/${t.corpusId}/documents/${t.documentId}`, undefined],
    ['POST', '/api/runs', { corpus_id: t.corpusId }],
    ...['cancel', 'proceed', 'retry-failed', 'force-start', 'train', 'continue'].map((action) => ['POST', `/api/runs/${t.runId}/${action}`, {}] as const),
    ['DELETE', `/api/runs/${t.runId}`, undefined],
  ] as const;

test('every unsafe route refuses a cookie request from another origin (Origin, or Sec-Fetch-Site), and changes nothing', async ({ request }) => {
  const target = await generatedRun(request);
  const before = await snapshot(target.corpusId);
  for (const [method, path, body] of unsafeRoutes(target)) {
    const foreign: Record<string, string>[] = [{ origin: 'http://localhost:3119' }, { origin: 'null' }, { 'sec-fetch-site': 'same-site' }, { 'sec-fetch-site': 'cross-site' }];
    for (const browserSays of foreign) {
      const response = await request.fetch(path, { method, headers: { ...browserSays, 'content-type': 'text/plain' }, data: body ? JSON.stringify(body) : undefined });
      expect([method, path, browserSays, response.status()]).toEqual([method, path, browserSays, 403]);
      expect((await response.json()).error.code).toBe('cross_origin_request');
    }
  }
  expect(await snapshot(target.corpusId)).toEqual(before);

  // The app's own pages (Origin = the app) and scripts with a Bearer token are not affected.
  const own = await request.post('/api/corpora', { headers: { origin: E2E_BASE_URL }, data: { name: `Own page ${Date.now()}` } });
  expect(own.status()).toBe(201);
  const script = await request.post(`/api/runs/${target.runId}/train`, { headers: { ...target.headers, origin: 'http://localhost:3119' } });
  expect(script.status()).toBe(202);
});

test('a page of the same site cannot write with the admin’s cookie: no-cors fetch, multipart upload, auto-submitted form', async ({ page, request }) => {
  const target = await generatedRun(request);
  const before = await snapshot(target.corpusId);
  const api = (path: string) => `${E2E_BASE_URL}${path}`;
  const probe = await startForeignSite('ok');
  const site = await startForeignSite(`<!doctype html><title>Win a prize</title>
    <form id="f" method="POST" enctype="text/plain" action="${api(`/api/runs/${target.runId}/train`)}">
      <input name='{"x":"' value='"}'>
    </form>
    <script>
      window.attack = async () => {
        await fetch(${JSON.stringify(`${probe.origin}/echo`)}, { method: 'POST', mode: 'no-cors', credentials: 'include', body: 'probe' });
        await fetch(${JSON.stringify(api('/api/corpora'))}, { method: 'POST', mode: 'no-cors', credentials: 'include', body: JSON.stringify({ name: 'Forged corpus' }) });
        const form = new FormData();
        form.append('file', new File(['# Forged\\n\\nForged text about runs.'], 'forged.md', { type: 'text/markdown' }));
        await fetch(${JSON.stringify(api(`/api/corpora/${target.corpusId}/documents`))}, { method: 'POST', mode: 'no-cors', credentials: 'include', body: form });
        await fetch(${JSON.stringify(api('/api/runs'))}, { method: 'POST', mode: 'no-cors', credentials: 'include', body: JSON.stringify({ corpus_id: ${JSON.stringify(target.corpusId)} }) });
      };
    </script>`);
  try {
    const refused: number[] = [];
    page.on('response', (response) => {
      if (response.url().startsWith(E2E_BASE_URL) && response.request().method() === 'POST') refused.push(response.status());
    });
    await page.goto(site.url);
    // The session cookie really is sent along: the browser considers this page same-site.
    await page.evaluate(() => (window as unknown as { attack: () => Promise<void> }).attack());
    // The browser does attach the session cookie to such requests: a second site on yet another
    // port of localhost (a probe, like the app) received it.
    expect(probe.echoed.some((cookie) => cookie.includes('recall-session='))).toBe(true);
    const navigation = page.waitForResponse(api(`/api/runs/${target.runId}/train`));
    await page.evaluate(() => (document.getElementById('f') as HTMLFormElement).submit());
    expect((await navigation).status()).toBe(403);
    expect(refused).toEqual([403, 403, 403, 403]);
    expect(await snapshot(target.corpusId)).toEqual(before);
  } finally {
    await site.close();
    await probe.close();
  }
  expect((await request.get(`/api/runs/${target.runId}`, { headers: await adminHeaders(request) })).ok()).toBe(true);
});
