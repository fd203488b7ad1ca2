import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { createAuthUser } from '@/lib/boot/seed';
import { dataPaths } from '@/lib/db/data-paths';
import { E2E_BASE_URL, E2E_DATA_DIR } from '../../playwright.config';
import { connectToDataDir } from './support/db';
import { ready, startServer } from './support/server';

/**
 * Recall on a Postgres it did not start (DATABASE_URL): a first start with a data folder that
 * does not exist yet, and a second web server on the same database as the main one, which
 * must share its sign-in limits.
 */
test.describe.configure({ timeout: 180_000 });
test.use({ storageState: { cookies: [], origins: [] } });

/** The URL of a database on the main test server's Postgres, as the `postgres` role. */
function databaseUrl(database: string) {
  const paths = dataPaths(E2E_DATA_DIR);
  const { port } = JSON.parse(readFileSync(paths.lock, 'utf8')) as { port: number };
  const { postgresPassword } = JSON.parse(readFileSync(paths.secrets, 'utf8')) as { postgresPassword: string };
  return `postgres://postgres:${encodeURIComponent(postgresPassword)}@127.0.0.1:${port}/${database}`;
}

test('first start on a plain Postgres, with a data folder that does not exist yet: migrated, seeded, signed in', async ({ request }) => {
  const sql = connectToDataDir(E2E_DATA_DIR);
  const database = `plain_${randomUUID().slice(0, 8)}`;
  await sql.unsafe(`create database ${database}`);
  const parent = mkdtempSync(path.join(os.tmpdir(), 'recall-any-pg-'));
  const dataDir = path.join(parent, 'not', 'there', 'yet');
  const admin = { email: 'plain@e2e.test', password: 'plain-password' };
  const server = startServer({ PORT: '3131', DATABASE_URL: databaseUrl(database), RECALL_DATA_DIR: dataDir, RECALL_WORKER: 'off', RECALL_ADMIN_EMAIL: admin.email, RECALL_ADMIN_PASSWORD: admin.password });
  try {
    await ready(server).catch((error) => {
      throw new Error(`${error}\n${server.output()}`);
    });
    expect(server.output()).toContain('(DATABASE_URL;');
    const signIn = await request.post('http://localhost:3131/api/auth/token', { data: admin });
    expect(signIn.status()).toBe(200);
    const { access_token } = await signIn.json();
    const me = await (await request.get('http://localhost:3131/api/me', { headers: { Authorization: `Bearer ${access_token}` } })).json();
    expect(me.workspaces).toEqual([expect.objectContaining({ name: 'Demo', role: 'admin' })]);
    expect(existsSync(dataPaths(dataDir).signingKey)).toBe(true);
  } finally {
    await server.stop();
  }
  expect(await server.exited).toBe(0);

  // A data folder that cannot be created: a clear message naming the variable, before anything starts.
  const blocker = path.join(parent, 'a-file');
  writeFileSync(blocker, 'not a folder');
  const refused = startServer({ PORT: '3132', DATABASE_URL: databaseUrl(database), RECALL_DATA_DIR: path.join(blocker, 'data') });
  expect(await refused.exited).toBe(1);
  expect(refused.output()).toMatch(/RECALL_DATA_DIR: the data folder .*a-file\/data cannot be created or written \(ENOTDIR\)/);
  expect(refused.output()).not.toContain('Recall is running');
  rmSync(parent, { recursive: true, force: true });
  await sql.unsafe(`drop database ${database} with (force)`);
  await sql.end();
});

test('the sign-in limit holds across the API, the form and two web servers on one database', async ({ request, browser }) => {
  const sql = connectToDataDir(E2E_DATA_DIR);
  const email = `limited-${randomUUID().slice(0, 8)}@e2e.test`;
  await createAuthUser(sql, email, 'the right password');
  const second = startServer({ PORT: '3133', DATABASE_URL: databaseUrl('postgres'), RECALL_DATA_DIR: E2E_DATA_DIR, RECALL_WORKER: 'off' });
  try {
    await ready(second);
    const other = 'http://localhost:3133';
    const apiFailure = async (base: string) => expect((await request.post(`${base}/api/auth/token`, { data: { email, password: 'wrong' } })).status()).toBe(400);
    // Five failures in all: two through the first server's API, two through its sign-in form, one through the second server.
    await apiFailure(E2E_BASE_URL);
    await apiFailure(E2E_BASE_URL);
    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const page = await context.newPage();
    for (let i = 0; i < 2; i++) {
      await page.goto('/login');
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill('wrong');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByText('Invalid email or password.')).toBeVisible();
    }
    await apiFailure(other);

    // Now the right password is refused everywhere, for a while.
    const limited = await request.post(`${other}/api/auth/token`, { data: { email, password: 'the right password' } });
    expect(limited.status()).toBe(429);
    expect(Number(limited.headers()['retry-after'])).toBeGreaterThan(0);
    expect((await request.post(`${E2E_BASE_URL}/api/auth/token`, { data: { email, password: 'the right password' } })).status()).toBe(429);
    await page.goto('/login');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('the right password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByText(/Too many failed sign-in attempts/)).toBeVisible();
    await expect(page).toHaveURL(/\/login/);
    await context.close();
  } finally {
    await second.stop();
    await sql.end();
  }
  expect(await second.exited).toBe(0);
});
