import { expect, test } from '@playwright/test';
import { createAuthUser } from '@/lib/boot/seed';
import { E2E_ADMIN, E2E_DATA_DIR } from '../../playwright.config';
import { connectToDataDir } from './support/db';

test.use({ storageState: { cookies: [], origins: [] } });

test('signed-out visitors are sent to /login and back where they were going', async ({ page }) => {
  await page.goto('/runs/00000000-0000-4000-8000-000000000000');
  await expect(page).toHaveURL(/\/login\?next=%2Fruns%2F00000000/);
  await page.getByLabel('Email').fill(E2E_ADMIN.email);
  await page.getByLabel('Password').fill(E2E_ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/runs\/00000000-0000-4000-8000-000000000000$/);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});

test('a wrong password is refused with the same message as an unknown email', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Email').fill(E2E_ADMIN.email);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Invalid' })).toHaveText('Invalid email or password.');
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByLabel('Email')).toHaveValue(E2E_ADMIN.email);

  await page.getByLabel('Email').fill('nobody@e2e.test');
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Invalid' })).toHaveText('Invalid email or password.');
  expect(await page.context().cookies()).not.toContainEqual(expect.objectContaining({ name: 'recall-session' }));
});

test('empty fields get field-level errors', async ({ page }) => {
  await page.goto('/login');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Enter your email.')).toBeVisible();
  await expect(page.getByText('Enter your password.')).toBeVisible();
  await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
});

test('sign in, see the dashboard, sign out', async ({ page }) => {
  const sql = connectToDataDir(E2E_DATA_DIR);
  const [before] = await sql`select last_sign_in_at from auth.users where email = ${E2E_ADMIN.email}`;

  await page.goto('/login');
  await page.getByLabel('Email').fill(E2E_ADMIN.email);
  await page.getByLabel('Password').fill(E2E_ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Demo' })).toBeVisible();
  const session = (await page.context().cookies()).find((cookie) => cookie.name === 'recall-session');
  expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

  const [after] = await sql`select last_sign_in_at from auth.users where email = ${E2E_ADMIN.email}`;
  expect(after?.last_sign_in_at?.getTime()).toBeGreaterThan(before?.last_sign_in_at?.getTime() ?? 0);
  await sql.end();

  await page.getByRole('button', { name: 'Account menu' }).click();
  await expect(page.getByRole('menu')).toContainText(E2E_ADMIN.email);
  await page.getByRole('menuitem', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);
  // Ended on the server, not only forgotten by this browser: the old token is refused.
  expect((await page.request.get('/api/me', { headers: { Authorization: `Bearer ${session!.value}` } })).status()).toBe(401);
});

test('"Sign out everywhere" in the account menu ends the user’s sessions in other browsers too', async ({ browser }) => {
  const sql = connectToDataDir(E2E_DATA_DIR);
  const email = `everywhere-${Date.now()}@e2e.test`;
  const userId = await createAuthUser(sql, email, 'everywhere-password');
  const [demo] = await sql<{ id: string }[]>`select id from public.workspaces where name = 'Demo'`;
  await sql`insert into public.workspace_members (workspace_id, user_id, role) values (${demo!.id}, ${userId}, 'viewer')`;
  const signedIn = async () => {
    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('everywhere-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Demo' })).toBeVisible();
    return { context, page };
  };
  const laptop = await signedIn();
  const phone = await signedIn();
  expect(await sql`select 1 from auth.sessions where user_id = ${userId}`).toHaveLength(2);

  await laptop.page.getByRole('button', { name: 'Account menu' }).click();
  await laptop.page.getByRole('menuitem', { name: 'Sign out everywhere' }).click();
  await expect(laptop.page).toHaveURL(/\/login$/);
  await phone.page.reload();
  await expect(phone.page).toHaveURL(/\/login/);
  expect(await sql`select 1 from auth.sessions where user_id = ${userId}`).toHaveLength(0);
  await laptop.context.close();
  await phone.context.close();
  await sql.end();
});
