import { randomUUID } from 'node:crypto';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { createAuthUser } from '@/lib/boot/seed';
import { E2E_DATA_DIR } from '../../playwright.config';
import { createCorpus, paragraphs } from './support/api';
import { connectToDataDir } from './support/db';

/**
 * Bad input, as an attacker or a buggy script sends it: a clear 4xx with {error:{code,message}}
 * (or a field error), never a 500, and nothing changed.
 */

const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

async function generatedRun(request: APIRequestContext) {
  const corpus = await createCorpus(request, `Bad input ${randomUUID().slice(0, 8)}`, paragraphs('Edge', 3));
  const { run_id } = await (await request.post('/api/runs', { headers: corpus.headers, data: { corpus_id: corpus.id, config: { generator: 'offline' } } })).json();
  await expect.poll(async () => (await (await request.get(`/api/runs/${run_id}`, { headers: corpus.headers })).json()).status, { timeout: 30_000 }).toBe('generated');
  return { corpusId: corpus.id, runId: run_id as string, headers: corpus.headers };
}

async function counts() {
  const sql = connectToDataDir(E2E_DATA_DIR);
  const [row] = await sql`select (select count(*)::int from public.corpora) as corpora, (select count(*)::int from public.documents) as documents,
                                 (select count(*)::int from public.runs) as runs, (select count(*)::int from public.pairs where review_state <> 'pending') as reviewed`;
  await sql.end();
  return row;
}

test.describe('API', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('a NUL in any text field is a field error, on every route that takes text', async ({ request }) => {
    const { corpusId, runId, headers } = await generatedRun(request);
    const before = await counts();
    const attempts = [
      ['/api/auth/token', { data: { email: 'admin@e2e.test', password: 'pass\u0000word' } }, 'password'],
      [`/api/runs/${runId}/continue`, { data: { config: { model: 'gpt\u0000' } } }, 'config'],
      ['/api/corpora', { data: { name: 'Corpus\u0000name' } }, 'name'],
      [`/api/corpora/${corpusId}/documents`, { data: { title: 'Title\u0000', text: 'A passage about runs.' } }, 'title'],
      [`/api/corpora/${corpusId}/documents`, { multipart: { title: 'Upload\u0000title', file: { name: 'ok.md', mimeType: 'text/markdown', buffer: Buffer.from('# Ok\n\nText.') } } }, 'title'],
      ['/api/runs', { data: { corpus_id: corpusId, config: { generator: 'offline', model: 'gpt\u0000' } } }, 'config'],
    ] as const;
    for (const [path, body, field] of attempts) {
      const response = await request.post(path, { headers, ...body });
      expect([path, field, response.status()]).toEqual([path, field, 422]);
      const error = (await response.json()).error;
      expect(error.code).toBe('validation_failed');
      expect(JSON.stringify(error.details.fieldErrors[field] ?? error.details)).toContain('NUL');
    }
    // NUL in a document's text is binary data; in an uploaded file's name, still no 500.
    const text = await request.post(`/api/corpora/${corpusId}/documents`, { headers, data: { title: 'Binary', text: 'a\u0000b' } });
    expect([text.status(), (await text.json()).error.code]).toEqual([422, 'unsupported_document']);
    const fileName = await request.post(`/api/corpora/${corpusId}/documents`, {
      headers,
      multipart: { file: { name: 'evil\u0000.md', mimeType: 'text/markdown', buffer: Buffer.from('# Evil\n\nA passage.') } },
    });
    expect(fileName.status()).toBeGreaterThanOrEqual(400);
    expect(fileName.status()).toBeLessThan(500);
    expect((await fileName.json()).error.code).toMatch(/^(validation_failed|bad_request|unsupported_document)$/);
    expect(await counts()).toEqual(before);
  });

  test('cursors that decode but hold no real time or id are 400s; so is a body that is not JSON', async ({ request }) => {
    const { runId, corpusId, headers } = await generatedRun(request);
    for (const bad of [cursor(['not a date', randomUUID()]), cursor(['2026-02-31T00:00:00Z', randomUUID()]), cursor(['2026-01-01T00:00:00Z', 'x']), cursor({}), 'not base64 json']) {
      for (const param of ['cursor', 'before']) {
        const response = await request.get(`/api/runs?corpus_id=${corpusId}&${param}=${encodeURIComponent(bad)}`, { headers });
        expect([param, bad, response.status()]).toEqual([param, bad, 400]);
        expect((await response.json()).error).toEqual({ code: 'bad_request', message: expect.any(String) });
      }
    }
    for (const bad of [cursor('12'), cursor(1.5), cursor(Number.MAX_SAFE_INTEGER * 4)]) {
      const response = await request.get(`/api/runs/${runId}/pairs?cursor=${bad}`, { headers });
      expect([bad, response.status()]).toEqual([bad, 400]);
    }
    // JSON sent as text/plain is refused as such (415), and changes nothing.
    const before = await counts();
    const plain = await request.post('/api/corpora', { headers: { ...headers, 'content-type': 'text/plain' }, data: JSON.stringify({ name: 'Plain text' }) });
    expect([plain.status(), (await plain.json()).error.code]).toEqual([415, 'unsupported_media_type']);
    expect(await counts()).toEqual(before);
  });

  test('POST …/continue without a body means no options', async ({ request }) => {
    const { runId, corpusId, headers } = await generatedRun(request);
    await request.post(`/api/corpora/${corpusId}/documents`, { headers, data: { title: 'Added later', text: paragraphs('Later', 2).join('\n\n') } });
    // As `curl -X POST …/continue -H "Authorization: Bearer …"` sends it: no body, no content type.
    const response = await request.fetch(`/api/runs/${runId}/continue`, { method: 'POST', headers });
    expect(response.status()).toBe(202);
    expect(await response.json()).toMatchObject({ parent_run_id: runId, run_id: expect.any(String) });
  });
});

/** The id of the server action a click sends (the Next-Action header), captured from the real page. */
async function captureAction(page: Page, click: () => Promise<void>): Promise<string> {
  const request = page.waitForRequest((r) => r.method() === 'POST' && Boolean(r.headers()['next-action']));
  await click();
  return (await request).headers()['next-action']!;
}

/** Calls a server action from the page with arbitrary arguments, as a crafted request would. */
async function callAction(page: Page, id: string, args: unknown[]): Promise<{ status: number; body: string }> {
  return page.evaluate(
    async ({ id, args }) => {
      const response = await fetch(location.href, {
        method: 'POST',
        headers: { 'Next-Action': id, 'Content-Type': 'text/plain;charset=UTF-8', Accept: 'text/x-component' },
        body: JSON.stringify(args),
      });
      return { status: response.status, body: await response.text() };
    },
    { id, args },
  );
}

test.describe('server actions', () => {
  test('called with a plain object instead of a form, they answer bad_request, not an internal error', async ({ page, request }) => {
    const { runId, corpusId } = await generatedRun(request);
    await page.goto(`/?corpus=${corpusId}&run=${runId}`);
    const card = page.getByTestId('current-run');
    await card.getByRole('button', { name: 'Train' }).click();
    const id = await captureAction(page, () => page.getByRole('button', { name: 'Start training' }).click());
    await expect(page.getByText('Training started.')).toBeVisible();
    const before = await counts();
    const result = await callAction(page, id, [null, { run_id: runId, epochs: 3 }]);
    expect(result.status).toBe(200);
    expect(result.body).toContain('"code":"bad_request"');
    expect(result.body).not.toContain('internal');
    expect(await counts()).toEqual(before);
  });

  test('an edited question with a NUL is a field error and changes nothing', async ({ page, request }) => {
    const { runId } = await generatedRun(request);
    await page.goto(`/runs/${runId}#pairs`);
    const first = page.locator('[data-edit-pair]').first();
    const pairId = Number(await first.getAttribute('data-edit-pair'));
    await first.click();
    const input = page.getByRole('textbox', { name: 'Question' });
    await input.evaluate((element) => ((element as HTMLInputElement).value = 'What does a cancel\u0000 keep?'));
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText(/NUL character/)).toBeVisible();
    const sql = connectToDataDir(E2E_DATA_DIR);
    const [pair] = await sql`select question, review_state from public.pairs where id = ${pairId}`;
    await sql.end();
    expect(pair!.review_state).toBe('pending');
    expect(pair!.question).not.toContain('\u0000');
  });

  test('switching to a workspace the user is not in answers not found and keeps the current one', async ({ browser }) => {
    const sql = connectToDataDir(E2E_DATA_DIR);
    const email = `switch-${randomUUID().slice(0, 8)}@e2e.test`;
    const userId = await createAuthUser(sql, email, 'switch-password');
    const [mine] = await sql`insert into public.workspaces (name) values (${`Mine ${email}`}) returning id`;
    const [other] = await sql`insert into public.workspaces (name) values (${`Other ${email}`}) returning id`;
    const [foreign] = await sql`insert into public.workspaces (name) values (${`Foreign ${email}`}) returning id`;
    await sql`insert into public.workspace_members (workspace_id, user_id, role) values (${mine!.id}, ${userId}, 'admin'), (${other!.id}, ${userId}, 'viewer')`;
    await sql.end();

    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('switch-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { level: 1, name: `Mine ${email}` })).toBeVisible();
    await page.getByRole('button', { name: `Workspace: Mine ${email}` }).click();
    const id = await captureAction(page, () => page.getByRole('menuitem', { name: /Other/ }).click());
    await expect(page.getByRole('heading', { level: 1, name: `Other ${email}` })).toBeVisible();
    const cookie = async () => (await context.cookies()).find((c) => c.name === 'recall-workspace')?.value;
    expect(await cookie()).toBe(other!.id);

    for (const target of [foreign!.id, 'not-a-uuid', { id: foreign!.id }]) {
      const result = await callAction(page, id, [target]);
      expect(result.status).toBe(200);
      expect(result.body).toMatch(/"code":"(not_found|validation_failed)"/);
      expect(result.body).not.toContain('internal');
    }
    expect(await cookie()).toBe(other!.id);
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: `Other ${email}` })).toBeVisible();
    await context.close();
  });
});
