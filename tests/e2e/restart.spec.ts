import { existsSync, readFileSync, rmSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { dataPaths } from '@/lib/db/data-paths';
import { isProcessAlive } from '@/lib/db/data-dir';
import { ready, startServer, type Server } from './support/server';

const DATA_DIR = '.recall-e2e-restart';
const PORT = 3127;
const ADMIN = { email: 'restart@e2e.test', password: 'restart-password' };

/** Runs `npm start`'s script as a user would, on its own data folder and port. */
const start = (port = PORT, env: Record<string, string> = {}): Server =>
  startServer({ PORT: String(port), RECALL_DATA_DIR: DATA_DIR, RECALL_ADMIN_EMAIL: ADMIN.email, RECALL_ADMIN_PASSWORD: ADMIN.password, ...env });

test.describe.configure({ timeout: 180_000 });
test.use({ storageState: { cookies: [], origins: [] } });

test('stop and start again: everything is still there; a second instance on the same folder is refused', async ({ request }) => {
  rmSync(DATA_DIR, { recursive: true, force: true });
  const first = start();
  await ready(first);
  const signIn = () => request.post(`http://localhost:${PORT}/api/auth/token`, { data: ADMIN });
  const me = async () => {
    const { access_token } = await (await signIn()).json();
    return (await request.get(`http://localhost:${PORT}/api/me`, { headers: { Authorization: `Bearer ${access_token}` } })).json();
  };
  const before = await me();
  expect(before.workspaces).toEqual([expect.objectContaining({ name: 'Demo', role: 'admin' })]);

  // A second Recall on the same data folder stops with a clear message and harms nothing.
  const second = start(PORT + 1);
  expect(await second.exited).toBe(1);
  expect(second.output()).toMatch(/data folder .*\.recall-e2e-restart is in use by another Recall process \(pid \d+/);
  expect((await signIn()).status()).toBe(200);

  const postmasterPid = Number(readFileSync(`${dataPaths(DATA_DIR).pgdata}/postmaster.pid`, 'utf8').split('\n')[0]);
  first.child.kill('SIGTERM');
  expect(await first.exited).toBe(0);
  expect(isProcessAlive(postmasterPid)).toBe(false);
  expect(existsSync(dataPaths(DATA_DIR).lock)).toBe(false);

  const again = start();
  await ready(again);
  expect(again.output()).not.toContain('First boot');
  const after = await me();
  expect(after.user).toEqual(before.user);
  expect(after.workspaces).toEqual(before.workspaces);
  again.child.kill('SIGTERM');
  expect(await again.exited).toBe(0);
  rmSync(DATA_DIR, { recursive: true, force: true });
});

test('an open dashboard follows a run across a server restart, and the queued run survives it', async ({ browser, request }) => {
  rmSync(DATA_DIR, { recursive: true, force: true });
  const base = `http://localhost:${PORT}`;
  // No worker in the first server: the run stays queued.
  const first = start(PORT, { RECALL_WORKER: 'off' });
  await ready(first);
  const { access_token } = await (await request.post(`${base}/api/auth/token`, { data: ADMIN })).json();
  const headers = { Authorization: `Bearer ${access_token}` };
  const { corpora } = await (await request.get(`${base}/api/corpora`, { headers })).json();
  const demo = corpora.find((c: { name: string }) => c.name === 'Recall documentation');
  const { run_id } = await (await request.post(`${base}/api/runs`, { headers, data: { corpus_id: demo.id, config: { generator: 'offline' } } })).json();

  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${base}/`);
  await page.goto(`${base}/?corpus=${demo.id}`);
  const row = page.locator(`tr[data-run-id="${run_id}"]`);
  await expect(row.getByText('Queued')).toBeVisible();
  await expect(page.getByTestId('workers-alive')).toHaveText('No worker alive');

  first.child.kill('SIGTERM');
  expect(await first.exited).toBe(0);
  const again = start(PORT);
  await ready(again);
  // The page is never reloaded: its event stream reconnects and follows the run to the end.
  await expect(row.getByText('Awaiting review')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('workers-alive')).toHaveText('1 worker alive');
  await context.close();
  again.child.kill('SIGTERM');
  expect(await again.exited).toBe(0);
  rmSync(DATA_DIR, { recursive: true, force: true });
});
