import { randomUUID } from 'node:crypto';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { SignJWT } from 'jose';
import { createAuthUser } from '@/lib/boot/seed';
import { loadOrCreateSigningKey } from '@/lib/auth/signing-key';
import { E2E_BASE_URL, E2E_DATA_DIR } from '../../playwright.config';
import { connectToDataDir } from './support/db';

/**
 * A token is only as good as its user: once the user is deleted or banned, a token signed
 * before stops working at once (API and pages), and the session cookie is never renewed.
 */
test.use({ storageState: { cookies: [], origins: [] } });

async function member(request: APIRequestContext) {
  const sql = connectToDataDir(E2E_DATA_DIR);
  const email = `member-${randomUUID().slice(0, 8)}@e2e.test`;
  const userId = await createAuthUser(sql, email, 'member-password');
  const [demo] = await sql`select id from public.workspaces where name = 'Demo'`;
  await sql`insert into public.workspace_members (workspace_id, user_id, role) values (${demo!.id}, ${userId}, 'viewer')`;
  const { access_token } = await (await request.post('/api/auth/token', { data: { email, password: 'member-password' } })).json();
  return { sql, email, userId, token: access_token as string };
}

/** A session cookie of the server's own kind whose token is past half its life (the proxy renews those), with its live session. */
async function agedSessionToken(sql: ReturnType<typeof connectToDataDir>, userId: string, email: string) {
  const key = await loadOrCreateSigningKey(E2E_DATA_DIR);
  const now = Math.floor(Date.now() / 1000);
  const [session] = await sql<{ id: string }[]>`
    insert into auth.sessions (id, user_id, created_at, updated_at, aal, not_after)
    values (gen_random_uuid(), ${userId}, now(), now(), 'aal1', now() + interval '1 day') returning id`;
  return new SignJWT({
    iss: 'recall', sub: userId, aud: 'authenticated', role: 'authenticated', email, session_id: session!.id,
    amr: [{ method: 'password', timestamp: now - 2400 }], app_metadata: { provider: 'email' }, user_metadata: {},
  })
    .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' })
    .setIssuedAt(now - 2400)
    .setExpirationTime(now + 1200)
    .sign(key.privateKey);
}

test('a banned user’s Bearer token stops working, and works again when the ban ends; a deleted user’s never again', async ({ request }) => {
  const { sql, userId, token } = await member(request);
  const me = async () => (await request.get('/api/me', { headers: { Authorization: `Bearer ${token}` } })).status();
  expect(await me()).toBe(200);
  await sql`update auth.users set banned_until = now() + interval '1 day' where id = ${userId}`;
  expect(await me()).toBe(401);
  expect((await request.get('/api/corpora', { headers: { Authorization: `Bearer ${token}` } })).status()).toBe(401);
  await sql`update auth.users set banned_until = now() - interval '1 second' where id = ${userId}`;
  expect(await me()).toBe(200);
  await sql`update auth.users set deleted_at = now() where id = ${userId}`;
  expect(await me()).toBe(401);
  await sql`update auth.users set deleted_at = null where id = ${userId}`;
  expect(await me()).toBe(200);
  await sql`delete from auth.users where id = ${userId}`;
  expect(await me()).toBe(401);
  await sql.end();
});

test('the proxy renews a live user’s session, but not a banned one’s, whom it signs out', async ({ request, browser }) => {
  const { sql, email, userId } = await member(request);
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const cookie = { name: 'recall-session', domain: 'localhost', path: '/', httpOnly: true, sameSite: 'Lax' as const };
  const aged = await agedSessionToken(sql, userId, email);
  await context.addCookies([{ ...cookie, value: aged }]);
  const page = await context.newPage();
  const renewed = await page.goto('/');
  expect(new URL(page.url()).pathname).toBe('/');
  expect((await renewed!.headerValue('set-cookie')) ?? '').toMatch(/^recall-session=(?!;)/);

  await sql`update auth.users set banned_until = now() + interval '1 day' where id = ${userId}`;
  await context.clearCookies();
  await context.addCookies([{ ...cookie, value: await agedSessionToken(sql, userId, email) }]);
  const refused = await page.request.get(`${E2E_BASE_URL}/`, { maxRedirects: 0 });
  expect(refused.status()).toBe(307);
  expect(refused.headers()['location']).toMatch(/\/login$/);
  const setCookie = refused.headers()['set-cookie'] ?? '';
  // The cookie is cleared, not renewed.
  expect(setCookie).toMatch(/recall-session=;/);
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);
  await context.close();
  await sql.end();
});
