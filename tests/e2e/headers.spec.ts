import { expect, test } from '@playwright/test';
import { E2E_BASE_URL } from '../../playwright.config';
import { startForeignSite } from './support/foreign-site';

/** Security headers, and the app working under its own Content-Security-Policy in Chromium. */

test('pages carry a nonce CSP, no framing, nosniff and a referrer policy; the API a closed CSP', async ({ request }) => {
  const page = await request.get('/login');
  const headers = page.headers();
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  const csp = headers['content-security-policy']!;
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).not.toContain('unsafe-eval');
  // A fresh nonce per response, and it is the one the page's scripts carry.
  const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
  expect(/'nonce-([^']+)'/.exec((await request.get('/login')).headers()['content-security-policy']!)![1]).not.toBe(nonce);
  const html = await page.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);

  const api = await request.get('/api/health');
  expect(api.headers()['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
  expect(api.headers()['x-content-type-options']).toBe('nosniff');
  const asset = await request.get('/icon.svg');
  expect(asset.headers()['x-frame-options']).toBe('DENY');
});

test('the app works under its CSP: no violation while signing in, browsing and acting', async ({ browser }) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  // Records every CSP violation the browser reports, from the first script on.
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && /Content Security Policy|Refused to/.test(message.text()) && errors.push(message.text()));
  const violations = () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);

  await page.goto('/login');
  await page.getByLabel('Email').fill('admin@e2e.test');
  await page.getByLabel('Password').fill('e2e-admin-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Demo' })).toBeVisible();
  expect(await violations()).toEqual([]);
  // Client code runs (hydrated): the theme menu opens and the live feed connects.
  await page.getByRole('button', { name: 'Toggle theme' }).click();
  await page.getByRole('menuitemradio', { name: 'Dark' }).or(page.getByRole('menuitem', { name: 'Dark' })).click();
  await expect(page.locator('html')).toHaveClass(/dark/);
  await expect(page.getByTestId('workers-alive')).toHaveText(/worker/);
  await page.getByRole('link', { name: 'Documents and chunks' }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(await violations()).toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
});

test('another site cannot frame the app (clickjacking)', async ({ page }) => {
  const site = await startForeignSite(`<!doctype html><iframe id="victim" src="${E2E_BASE_URL}/" width="800" height="600"></iframe>`);
  try {
    const framed = page.waitForResponse((response) => response.url().startsWith(E2E_BASE_URL) && response.request().frame() !== page.mainFrame());
    await page.goto(site.url);
    await framed;
    // The browser refused to render it: the frame shows its error page, not Recall.
    const frame = page.frames().find((f) => f !== page.mainFrame())!;
    await expect.poll(() => frame.url()).toMatch(/^chrome-error:/);
    await expect(page.frameLocator('#victim').getByRole('heading', { name: 'Demo' })).toHaveCount(0);
  } finally {
    await site.close();
  }
});
