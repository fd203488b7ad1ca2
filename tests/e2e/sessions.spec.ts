import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { createAuthUser } from '@/lib/boot/seed';
import { E2E_BASE_URL, E2E_DATA_DIR } from '../../playwright.config';
import { adminHeaders, createCorpus, paragraphs } from './support/api';
import { connectToDataDir } from './support/db';

/**
 * Sessions end on the server: a signed-out token is refused by every API route and page at
 * once, "sign out everywhere" ends them all, and a removed member's token opens nothing of
 * the workspace any more, open event streams included.
 */
test.use({ storageState: { cookies: [], origins: [] } });

const sql = connectToDataDir(E2E_DATA_DIR);
test.afterAll(async () => sql.end());

// Public endpoints: no token needed (and none checked).
const PUBLIC_ROUTES = new Set(['/api/auth/token', '/api/health', '/api/invitations/accept']);
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

function files(dir: string, name: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? files(full, name) : entry.name === name ? [full] : [];
  });
}

/** Every route handler of the app, read from app/api, with its methods; dynamic segments get a random id. */
const ROUTES = files(path.resolve('app/api'), 'route.ts')
  .map((file) => ({
    path: `/${path.relative(path.resolve('app'), path.dirname(file)).split(path.sep).join('/')}`.replace(/\[[^\]]+\]/g, () => randomUUID()),
    methods: METHODS.filter((m) => new RegExp(`export const ${m}\\b|export (async )?function ${m}\\b`).test(readFileSync(file, 'utf8'))),
  }))
  .filter((route) => !PUBLIC_ROUTES.has(route.path));

/** Every page of the dashboard, from app/(app); the public ones (/login, /invite) are not in it. */
const PAGES = files(path.resolve('app/(app)'), 'page.tsx').map((file) =>
  `/${path.relative(path.resolve('app/(app)'), path.dirname(file)).split(path.sep).join('/')}`.replace(/\/$/, '').replace(/\[[^\]]+\]/g, () => randomUUID()) || '/',
);

async function signIn(request: APIRequestContext, email: string, password: string) {
  const response = await request.post('/api/auth/token', { data: { email, password } });
  expect(response.status()).toBe(200);
  return { Authorization: `Bearer ${(await response.json()).access_token as string}` };
}

async function newViewer(request: APIRequestContext) {
  const email = `session-${randomUUID().slice(0, 8)}@e2e.test`;
  const userId = await createAuthUser(sql, email, 'session-password');
  const [demo] = await sql<{ id: string }[]>`select id from public.workspaces where name = 'Demo'`;
  await sql`insert into public.workspace_members (workspace_id, user_id, role) values (${demo!.id}, ${userId}, 'viewer')`;
  return { email, userId, workspaceId: demo!.id, headers: await signIn(request, email, 'session-password') };
}

const sessionCookie = (headers: { Authorization: string }) => ({
  name: 'recall-session', value: headers.Authorization.slice('Bearer '.length), domain: 'localhost', path: '/', httpOnly: true, sameSite: 'Lax' as const,
});

const call = (request: APIRequestContext, method: string, url: string, headers: Record<string, string>) =>
  request.fetch(url, { method, headers, data: method === 'GET' || method === 'DELETE' ? undefined : {}, maxRedirects: 0 }).then((r) => r.status());

/** Reads a Server-Sent Events response to its end; answers the event names it carried. */
async function readEvents(response: Response): Promise<string[]> {
  const text = await response.text();
  return [...text.matchAll(/^event: (\S+)$/gm)].map((m) => m[1]!);
}

test('the route and page lists are complete (not vacuous)', () => {
  expect(ROUTES.length).toBeGreaterThan(20);
  expect(ROUTES.map((r) => r.path)).toContain('/api/auth/logout');
  expect(PAGES).toEqual(expect.arrayContaining(['/', '/settings/workspace', '/settings/account']));
});

test('after sign-out the token is refused by every API route and every page', async ({ request, browser }) => {
  const viewer = await newViewer(request);
  for (const route of ROUTES.filter((r) => r.path !== '/api/auth/logout')) {
    for (const method of route.methods) {
      expect(await call(request, method, route.path, viewer.headers), `${method} ${route.path} while signed in`).not.toBe(401);
    }
  }
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  await context.addCookies([sessionCookie(viewer.headers)]);
  expect((await context.request.get(`${E2E_BASE_URL}/settings/account`, { maxRedirects: 0 })).status()).toBe(200);

  expect((await request.post('/api/auth/logout', { headers: viewer.headers })).status()).toBe(204);

  for (const route of ROUTES) {
    for (const method of route.methods) {
      expect(await call(request, method, route.path, viewer.headers), `${method} ${route.path} after sign-out`).toBe(401);
    }
  }
  for (const page of PAGES) {
    const response = await context.request.get(`${E2E_BASE_URL}${page}`, { maxRedirects: 0 });
    expect(response.status(), page).toBe(307);
    expect(response.headers()['location'], page).toMatch(/\/login(\?|$)/);
  }
  await context.close();
});

test('sign out everywhere ends every session of the user; "others" keeps the current one', async ({ request }) => {
  const viewer = await newViewer(request);
  const second = await signIn(request, viewer.email, 'session-password');
  const third = await signIn(request, viewer.email, 'session-password');
  const me = (headers: Record<string, string>) => call(request, 'GET', '/api/me', headers);

  expect((await request.post('/api/auth/logout?scope=others', { headers: third })).status()).toBe(204);
  expect([await me(viewer.headers), await me(second), await me(third)]).toEqual([401, 401, 200]);

  const fourth = await signIn(request, viewer.email, 'session-password');
  expect((await request.post('/api/auth/logout?scope=global', { headers: third })).status()).toBe(204);
  expect([await me(third), await me(fourth)]).toEqual([401, 401]);
  expect(await sql`select 1 from auth.sessions where user_id = ${viewer.userId}`).toHaveLength(0);

  expect((await request.post('/api/auth/logout?scope=everything', { headers: await signIn(request, viewer.email, 'session-password') })).status()).toBe(422);
});

test('an open event stream ends when its session is signed out', async ({ request }) => {
  const corpus = await createCorpus(request, `Signed out stream ${Date.now()}`, paragraphs('Stream', 2));
  const viewer = await newViewer(request);
  const stream = await fetch(`${E2E_BASE_URL}/api/corpora/${corpus.id}/events`, { headers: viewer.headers });
  expect(stream.status).toBe(200);
  const events = readEvents(stream);
  expect((await request.post('/api/auth/logout', { headers: viewer.headers })).status()).toBe(204);
  expect((await events).at(-1)).toBe('signed_out');
});

test('a removed member’s token opens nothing of the workspace: API, pages and open event streams', async ({ request, browser }) => {
  const name = `Removed member ${Date.now()}`;
  const corpus = await createCorpus(request, name, paragraphs('Removed', 2));
  const viewer = await newViewer(request);
  const admin = await adminHeaders(request);
  const reads = [`/api/corpora/${corpus.id}/questions`, `/api/workspaces/${viewer.workspaceId}/members`];
  for (const url of reads) expect(await call(request, 'GET', url, viewer.headers), url).toBe(200);
  const listed = async () => ((await (await request.get('/api/corpora', { headers: viewer.headers })).json()).corpora as { id: string }[]).map((c) => c.id);
  expect(await listed()).toContain(corpus.id);
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  await context.addCookies([sessionCookie(viewer.headers)]);
  const page = await context.newPage();
  await page.goto(`/corpora/${corpus.id}`);
  await expect(page.getByRole('heading', { name })).toBeVisible();

  const stream = await fetch(`${E2E_BASE_URL}/api/corpora/${corpus.id}/events`, { headers: viewer.headers });
  expect(stream.status).toBe(200);
  const events = readEvents(stream);
  const removed = await request.delete(`/api/workspaces/${viewer.workspaceId}/members/${viewer.userId}`, { headers: admin });
  expect(removed.status()).toBe(200);

  expect((await events).at(-1)).toBe('gone');
  for (const url of reads) expect(await call(request, 'GET', url, viewer.headers), url).toBe(404);
  expect(await listed()).not.toContain(corpus.id);
  expect(await (await request.get('/api/workspaces', { headers: viewer.headers })).json()).toEqual({ workspaces: [] });
  expect(await call(request, 'GET', `/api/corpora/${corpus.id}/events`, viewer.headers)).toBe(404);
  await page.reload();
  await expect(page.getByText('No workspace yet')).toBeVisible();
  await context.close();
});
