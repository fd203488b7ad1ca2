import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { E2E_DATA_DIR } from '../../playwright.config';
import { adminHeaders } from './support/api';
import { connectToDataDir } from './support/db';

/**
 * A team in the browser: the admin starts a workspace, invites a colleague, who accepts in
 * another browser and sees it read-only; the admin promotes them, then removes them, and the
 * colleague's open dashboard loses access without a reload.
 */
const sql = connectToDataDir(E2E_DATA_DIR);
test.afterAll(async () => sql.end());

test('invite → accept as viewer → promote → remove: the colleague’s open dashboard loses access', async ({ page, browser, request }) => {
  const workspace = `Team ${randomUUID().slice(0, 6)}`;
  const colleague = `colleague-${randomUUID().slice(0, 8)}@e2e.test`;

  // The admin starts a workspace from the header's switcher.
  await page.goto('/');
  await page.getByRole('button', { name: /^Workspace: / }).click();
  await page.getByRole('menuitem', { name: 'New workspace' }).click();
  await page.getByRole('dialog').getByLabel('Name').fill(workspace);
  await page.getByRole('dialog').getByRole('button', { name: 'Create workspace' }).click();
  await expect(page).toHaveURL(/\/settings\/workspace$/);
  await expect(page.getByRole('button', { name: `Workspace: ${workspace}` })).toBeVisible();
  const [{ id: workspaceId } = { id: '' }] = await sql<{ id: string }[]>`select id from public.workspaces where name = ${workspace}`;
  // A corpus there, so the dashboard has something to show and follow live.
  const created = await request.post('/api/corpora', { headers: await adminHeaders(request), data: { name: `${workspace} handbook`, workspace_id: workspaceId } });
  expect(created.status()).toBe(201);

  // Invite: no account yet, so a link to copy.
  const addForm = page.getByRole('form', { name: 'Add a member' });
  await addForm.getByLabel('Email').fill(colleague);
  await addForm.getByLabel('Role').selectOption('viewer');
  await addForm.getByRole('button', { name: 'Add member' }).click();
  const link = page.getByLabel('Invitation link');
  await expect(link).toHaveValue(/\/invite\?token=[A-Za-z0-9_-]{43}$/);
  const url = await link.inputValue();
  await page.reload();
  await expect(page.getByRole('list', { name: 'Open invitations' })).toContainText(colleague);

  // The colleague accepts in a browser of their own.
  const theirs = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const them = await theirs.newPage();
  await them.goto(url);
  await expect(them.getByText(`Join ${workspace}`, { exact: true })).toBeVisible();
  await expect(them.getByLabel('Email')).toHaveValue(colleague);
  await them.getByLabel('Choose a password').fill('password');
  await them.getByRole('button', { name: 'Create account and join' }).click();
  await expect(them.getByText('That password is too common: choose another.')).toBeVisible();
  await them.getByLabel('Choose a password').fill('a colleague’s good password');
  await them.getByRole('button', { name: 'Create account and join' }).click();
  await expect(them).toHaveURL(/\/$/);
  await expect(them.getByRole('button', { name: `Workspace: ${workspace}` })).toContainText('viewer');
  await expect(them.getByText('you are a viewer')).toBeVisible();
  await them.goto('/settings/workspace');
  await expect(them.getByText('You are a viewer here: the team is shown read-only.')).toBeVisible();
  await expect(them.getByRole('form', { name: 'Add a member' })).toHaveCount(0);
  await expect(them.getByRole('combobox', { name: /^Role of / })).toHaveCount(0);
  await expect(them.getByRole('table', { name: 'Members' })).toContainText(colleague);

  // The link worked once.
  const again = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const stranger = await again.newPage();
  await stranger.goto(url);
  await expect(stranger.getByText('This invitation link does not work')).toBeVisible();
  await again.close();

  // The admin promotes them; they see it on their next page.
  await page.reload();
  await page.getByRole('combobox', { name: `Role of ${colleague}` }).selectOption('admin');
  await expect(page.getByText(`${colleague} is now an admin.`)).toBeVisible();
  await them.goto('/');
  await expect(them.getByText('you are an admin')).toBeVisible();

  // The admin removes them while their dashboard is open: it loses access by itself.
  await expect(them.getByTestId('live-state')).toHaveText('Live');
  await page.getByRole('button', { name: `Remove ${colleague}` }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Remove member' }).click();
  await expect(page.getByText('Member removed: their access to this workspace has ended.')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Members' })).not.toContainText(colleague);
  await expect(them.getByText('No workspace yet')).toBeVisible();

  // The team log has it all, attributed.
  await page.reload();
  const log = page.getByRole('table', { name: 'Team log' });
  await expect(log).toContainText(`removed ${colleague} (admin)`);
  await expect(log).toContainText(`changed ${colleague} from viewer to admin`);
  await expect(log).toContainText('accepted the invitation and joined as viewer');
  await expect(log).toContainText(`invited ${colleague} as viewer`);
  await theirs.close();
});

test('an admin cannot leave a workspace they alone administer; the page says why and nothing changes', async ({ page }) => {
  const workspace = `Solo ${randomUUID().slice(0, 6)}`;
  await page.goto('/');
  await page.getByRole('button', { name: /^Workspace: / }).click();
  await page.getByRole('menuitem', { name: 'New workspace' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Create workspace' }).click();
  await expect(page.getByRole('dialog').getByText('Give the workspace a name.')).toBeVisible();
  await page.getByRole('dialog').getByLabel('Name').fill(workspace);
  await page.getByRole('dialog').getByRole('button', { name: 'Create workspace' }).click();
  await expect(page).toHaveURL(/\/settings\/workspace$/);
  await page.getByRole('button', { name: `Leave ${workspace}` }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Leave workspace' }).click();
  await expect(page.getByText('A workspace must keep at least one admin')).toBeVisible();
  const [row] = await sql<{ n: number }[]>`
    select count(*)::int as n from public.workspace_members m join public.workspaces w on w.id = m.workspace_id where w.name = ${workspace} and m.role = 'admin'`;
  expect(row!.n).toBe(1);
});
