import { expect, test as setup } from '@playwright/test';
import { E2E_ADMIN } from '../../playwright.config';

setup('sign in as the seeded admin', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);
  await page.getByLabel('Email').fill(E2E_ADMIN.email);
  await page.getByLabel('Password').fill(E2E_ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Demo' })).toBeVisible();
  await page.context().storageState({ path: 'tests/.auth/admin.json' });
});
