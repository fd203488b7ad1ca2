import { expect, test } from '@playwright/test';
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
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);
});
