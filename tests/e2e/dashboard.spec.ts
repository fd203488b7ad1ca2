import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { createAuthUser } from '@/lib/boot/seed';
import { E2E_DATA_DIR } from '../../playwright.config';
import { connectToDataDir } from './support/db';

test('the dashboard shows the Demo workspace with the demo corpus', async ({ page }) => {
  // Other tests add corpora (with runs) to Demo: open the demo corpus itself.
  const sql = connectToDataDir(E2E_DATA_DIR);
  const [demo] = await sql`select id from public.corpora where name = 'Recall documentation'`;
  await sql.end();
  await page.goto(`/?corpus=${demo!.id}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Demo' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Workspace: Demo' })).toBeVisible();
  await expect(page.getByText('you are an admin')).toBeVisible();
  const totals = page.getByRole('region', { name: 'Workspace totals' });
  for (const label of ['Corpora', 'Documents', 'Chunks', 'Question pairs']) await expect(totals.getByText(label)).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Recall documentation' })).toBeVisible();
  await expect(page.getByText('No runs yet')).toBeVisible();
});

test('the theme can be switched to dark and back', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Toggle theme' }).click();
  await page.getByRole('menuitemradio', { name: 'Dark' }).or(page.getByRole('menuitem', { name: 'Dark' })).click();
  await expect(page.locator('html')).toHaveClass(/dark/);
  await page.reload();
  await expect(page.locator('html')).toHaveClass(/dark/);
  await page.getByRole('button', { name: 'Toggle theme' }).click();
  await page.getByRole('menuitemradio', { name: 'Light' }).or(page.getByRole('menuitem', { name: 'Light' })).click();
  await expect(page.locator('html')).not.toHaveClass(/dark/);
});

test('a member sees only their workspaces and can switch between them', async ({ page, browser }) => {
  const sql = connectToDataDir(E2E_DATA_DIR);
  const email = `viewer-${randomUUID().slice(0, 8)}@e2e.test`;
  const userId = await createAuthUser(sql, email, 'viewer-password');
  const [demo] = await sql`select id from public.workspaces where name = 'Demo'`;
  const [research] = await sql`insert into public.workspaces (name) values (${`Research ${email}`}) returning id`;
  await sql`insert into public.workspace_members (workspace_id, user_id, role) values
            (${demo!.id}, ${userId}, 'viewer'), (${research!.id}, ${userId}, 'admin')`;
  await sql`insert into public.corpora (workspace_id, name) values (${research!.id}, 'Handbook')`;

  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const viewer = await context.newPage();
  await viewer.goto('/login');
  await viewer.getByLabel('Email').fill(email);
  await viewer.getByLabel('Password').fill('viewer-password');
  await viewer.getByRole('button', { name: 'Sign in' }).click();
  await expect(viewer.getByRole('heading', { level: 1, name: 'Demo' })).toBeVisible();
  await expect(viewer.getByText('you are a viewer')).toBeVisible();

  await viewer.getByRole('button', { name: 'Workspace: Demo' }).click();
  await viewer.getByRole('menuitem', { name: /Research/ }).click();
  await expect(viewer.getByRole('heading', { level: 1, name: `Research ${email}` })).toBeVisible();
  await expect(viewer.getByRole('cell', { name: 'Handbook' })).toBeVisible();
  await context.close();

  // The admin of Demo does not see the other workspace.
  await page.goto('/');
  await page.getByRole('button', { name: 'Workspace: Demo' }).click();
  await expect(page.getByRole('menuitem', { name: /Research/ })).toHaveCount(0);
  await sql.end();
});

test('unknown pages show a not-found page', async ({ page }) => {
  const response = await page.goto('/no-such-page');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await page.getByRole('link', { name: 'Back to the dashboard' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Demo' })).toBeVisible();
});
