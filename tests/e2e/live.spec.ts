import { expect, test, type Page } from '@playwright/test';
import { E2E_DATA_DIR } from '../../playwright.config';
import { createCorpus, paragraphs, setProvider } from './support/api';
import { expand, runRow } from './support/dashboard';
import { connectToDataDir } from './support/db';

/** What an open dashboard does without being reloaded, and how it holds up on a phone. */
const sql = connectToDataDir(E2E_DATA_DIR);
test.afterAll(async () => {
  await setProvider();
  await sql.end();
});
test.afterEach(async () => setProvider());

const status = async (runId: string) => (await sql<{ status: string }[]>`select status from public.runs where id = ${runId}`)[0]?.status;
const startRun = async (page: Page, corpus: { id: string; headers: Record<string, string> }, config: Record<string, unknown>) =>
  (await (await page.request.post('/api/runs', { headers: corpus.headers, data: { corpus_id: corpus.id, config } })).json()).run_id as string;

test('a run started elsewhere appears on an open dashboard, which then says why Generate waits and opens its row', async ({ page }) => {
  const corpus = await createCorpus(page.request, `Elsewhere ${Date.now()}`, paragraphs('Elsewhere', 6));
  await page.goto(`/?corpus=${corpus.id}`);
  await expect(page.getByText('No runs yet')).toBeVisible();
  await expect(page.getByTestId('live-state')).toHaveText('Live');

  await setProvider({ delayMs: 2_000 });
  const runId = await startRun(page, corpus, { generator: 'openai', concurrency: 1 });
  await expect(runRow(page, runId)).toBeVisible();
  await expect(page.getByTestId('blocking-message')).toContainText('A run is generating questions for this corpus');
  await expect(page.getByRole('button', { name: 'Generate' })).toBeDisabled();
  await expect(page.getByLabel('Questions per chunk')).toBeDisabled();

  await page.getByRole('link', { name: 'Go to the blocking run' }).click();
  await expect(runRow(page, runId).getByRole('button', { name: /^Collapse run/ })).toHaveAttribute('aria-expanded', 'true');
  await expect(page.locator(`#run-${runId}-details`).getByRole('button', { name: 'Cancel' })).toBeVisible();
});

test('working time moves while a run generates, without a reload', async ({ page }) => {
  const corpus = await createCorpus(page.request, `Clock ${Date.now()}`, paragraphs('Clock', 4));
  await setProvider({ delayMs: 4_000 });
  const runId = await startRun(page, corpus, { generator: 'openai', concurrency: 1 });
  await expect.poll(() => status(runId), { timeout: 30_000 }).toBe('generating');
  await page.goto(`/?corpus=${corpus.id}`);
  const duration = runRow(page, runId).getByRole('cell').last();
  const first = await duration.textContent();
  await expect.poll(() => duration.textContent(), { timeout: 10_000 }).not.toBe(first);
  await page.request.post(`/api/runs/${runId}/cancel`, { headers: corpus.headers });
});

test('a generated run picked in the history shows in the workflow card while its continuation blocks', async ({ page }) => {
  const corpus = await createCorpus(page.request, `Picked ${Date.now()}`, paragraphs('Picked', 4));
  const parent = await startRun(page, corpus, { generator: 'offline' });
  await expect.poll(() => status(parent), { timeout: 30_000 }).toBe('generated');
  await page.goto(`/?corpus=${corpus.id}`);
  let details = await expand(page, parent);
  // Nothing was added since: Continue has nothing to cover.
  await expect(details.getByRole('button', { name: 'Continue' })).toBeDisabled();

  await page.request.post(`/api/corpora/${corpus.id}/documents`, { headers: corpus.headers, data: { title: 'More', text: paragraphs('More', 3).join('\n\n') } });
  await setProvider({ delayMs: 3_000 });
  await page.reload();
  details = await expand(page, parent);
  await details.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByText(/Continuation started over 3 chunks/)).toBeVisible();
  const child = (await sql<{ id: string }[]>`select id from public.runs where parent_run_id = ${parent}`)[0]!.id;
  await expect(page.getByTestId('current-run')).toHaveAttribute('data-run-id', child);

  // The parent now says who continues it, and offers neither Remove nor Train.
  await expect(runRow(page, parent)).toContainText(`continued by ${child.slice(0, 8)}`);
  await runRow(page, parent).getByRole('cell').nth(1).click(); // the row itself, not its links
  await expect(page.getByTestId('current-run')).toHaveAttribute('data-run-id', parent);
  await expect(page.getByTestId('blocking-message')).toBeVisible();
  details = page.locator(`#run-${parent}-details`);
  await expect(details.getByRole('button', { name: 'Remove' })).toHaveCount(0);
  await expect(details.getByRole('button', { name: 'Train' })).toHaveCount(0);
  await page.request.post(`/api/runs/${child}/cancel`, { headers: corpus.headers });
});

test('removing a document stops its generating run as "corpus changed"; proceed skips what went', async ({ page }) => {
  const corpus = await createCorpus(page.request, `Drift ${Date.now()}`, paragraphs('Drift', 4));
  const extra = await page.request.post(`/api/corpora/${corpus.id}/documents`, { headers: corpus.headers, data: { title: 'Obsolete', text: paragraphs('Obsolete', 3).join('\n\n') } });
  expect(extra.ok()).toBe(true);
  await setProvider({ delayMs: 1_500 });
  const runId = await startRun(page, corpus, { generator: 'openai', concurrency: 1 });
  await expect.poll(() => status(runId), { timeout: 30_000 }).toBe('generating');

  await page.goto(`/corpora/${corpus.id}`);
  await page.getByRole('button', { name: 'Remove Obsolete' }).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText('3 chunks leave the corpus');
  await dialog.getByRole('button', { name: 'Remove document' }).click();
  await expect(page.getByText(/Document removed with 3 chunks; 1 run lost those chunks/)).toBeVisible();
  await expect(page.getByRole('table', { name: 'Documents' }).getByRole('link', { name: 'Obsolete' })).toHaveCount(0);

  await expect.poll(() => status(runId), { timeout: 30_000 }).toBe('generating_failed');
  await setProvider();
  await page.goto(`/?corpus=${corpus.id}`);
  const details = await expand(page, runId);
  await expect(details.getByRole('alert')).toContainText('deleted from the corpus');
  await details.getByRole('button', { name: 'Proceed' }).click();
  await expect(page.getByText(/3 deleted chunks skipped/)).toBeVisible();
  await expect(runRow(page, runId).getByText('Awaiting review')).toBeVisible({ timeout: 30_000 });
  const [run] = await sql<{ total_chunks: number; processed_chunks: number; rows: number }[]>`
    select total_chunks, processed_chunks, (select count(*)::int from public.run_chunks where run_id = r.id) as rows from public.runs r where id = ${runId}`;
  expect(run).toEqual({ total_chunks: 4, processed_chunks: 4, rows: 4 });
});

test('on a phone-width screen, no page scrolls sideways', async ({ browser, page }) => {
  const corpus = await createCorpus(page.request, `Phone ${Date.now()}`, paragraphs('Phone', 3));
  const runId = await startRun(page, corpus, { generator: 'offline' });
  await expect.poll(() => status(runId), { timeout: 30_000 }).toBe('generated');
  const context = await browser.newContext({ storageState: 'tests/.auth/admin.json', viewport: { width: 390, height: 844 } });
  const phone = await context.newPage();
  for (const path of [`/?corpus=${corpus.id}&run=${runId}`, `/corpora/${corpus.id}`, `/runs/${runId}`]) {
    await phone.goto(path);
    await expect(phone.getByRole('heading', { level: 1 })).toBeVisible();
    const widths = await phone.evaluate(() => ({ page: document.documentElement.scrollWidth, screen: window.innerWidth }));
    expect(widths.page, path).toBeLessThanOrEqual(widths.screen);
  }
  await context.close();
});
