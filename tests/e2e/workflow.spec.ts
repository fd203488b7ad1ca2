import { expect, test } from '@playwright/test';
import { E2E_DATA_DIR } from '../../playwright.config';
import { createCorpus, paragraphs, setProvider } from './support/api';
import { createAuthUser } from '@/lib/boot/seed';
import { expand, runRow } from './support/dashboard';
import { connectToDataDir } from './support/db';

/** The dashboard end to end: everything through the UI, the database checked afterwards. */
const sql = connectToDataDir(E2E_DATA_DIR);
test.afterAll(async () => {
  await setProvider();
  await sql.end();
});
test.afterEach(async () => setProvider());

const onlyRunId = async (corpusId: string) => (await sql<{ id: string }[]>`select id from public.runs where corpus_id = ${corpusId} order by created_at desc limit 1`)[0]!.id;
const dbRun = async (runId: string) =>
  (await sql<{ status: string; processed_chunks: number; failed_chunks: number; total_chunks: number; pair_count: number }[]>`
    select status, processed_chunks, failed_chunks, total_chunks, pair_count from public.runs where id = ${runId}`)[0];

test('generate → cancel → proceed → generated → review → retry failed → remove', async ({ page }) => {
  // One chunk's output is unusable: it fails after its attempts while the rest succeed.
  const texts = paragraphs('Flow', 12);
  texts[5] = '## Poisoned\n\nPOISON: the provider answers this passage with text that is not JSON, every time.';
  const corpus = await createCorpus(page.request, `Flow ${Date.now()}`, texts);
  await setProvider({ delayMs: 800, malformedFor: 'POISON' });

  await page.goto(`/?corpus=${corpus.id}`);
  const workflow = page.getByRole('region', { name: 'Training workflow' }).or(page.locator('[aria-labelledby="workflow-title"]'));
  await page.getByLabel('Concurrency').fill('1');
  await page.getByLabel('Questions per chunk').fill('2');
  await page.getByRole('button', { name: 'Generate' }).click();
  await expect(page.getByText(/Run started over \d+ chunks/)).toBeVisible();
  const runId = await onlyRunId(corpus.id);
  await expect(workflow.getByTestId('current-run')).toHaveAttribute('data-run-id', runId);
  // Blocked while it generates, with a message that fits, and Generate disabled.
  await expect(page.getByTestId('blocking-message')).toContainText('A run is generating questions for this corpus');
  await expect(page.getByRole('button', { name: 'Generate' })).toBeDisabled();

  let details = await expand(page, runId);
  await details.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByText('Run cancelled. Finished chunks are kept.')).toBeVisible();
  await expect(runRow(page, runId).getByText('Cancelled')).toBeVisible();
  const cancelled = await dbRun(runId);
  expect(cancelled!.status).toBe('cancelled');
  expect(cancelled!.processed_chunks).toBeLessThan(cancelled!.total_chunks);
  await expect(page.getByTestId('blocking-message')).toContainText('was cancelled');

  await setProvider({ malformedFor: 'POISON' });
  details = await expand(page, runId);
  await details.getByRole('button', { name: 'Proceed' }).click();
  await expect(page.getByText(new RegExp(`Proceeding from ${cancelled!.processed_chunks} of`))).toBeVisible();
  await expect(runRow(page, runId).getByText('Awaiting review')).toBeVisible({ timeout: 30_000 });
  const generated = await dbRun(runId);
  expect(generated).toMatchObject({ status: 'generated', failed_chunks: 1, processed_chunks: corpus.chunks - 1, pair_count: (corpus.chunks - 1) * 2 });
  await expect(page.getByTestId('blocking-message')).toContainText('awaiting review');

  // Review: approve, reject, edit inline, approve the rest in bulk.
  details = await expand(page, runId);
  await details.getByRole('link', { name: 'Review pairs' }).click();
  await expect(page).toHaveURL(new RegExp(`/runs/${runId}`));
  const rows = page.getByRole('table', { name: 'Question pairs' }).locator('tbody tr');
  await expect(rows).toHaveCount(generated!.pair_count);
  const first = rows.nth(0);
  await first.getByRole('button', { name: /^Approve/ }).click();
  await expect(first.getByText('approved', { exact: true })).toBeVisible();
  const second = rows.nth(1);
  await second.getByRole('button', { name: /^Reject/ }).click();
  await expect(second.getByText('rejected', { exact: true })).toBeVisible();
  const third = rows.nth(2);
  await third.getByRole('button', { name: /^Edit/ }).click();
  await third.getByLabel('Question').fill('x');
  await third.getByRole('button', { name: 'Save' }).click();
  await expect(third.getByText('A question needs at least 3 characters.')).toBeVisible();
  await third.getByLabel('Question').fill('How does proceed resume a cancelled run?');
  await third.getByRole('button', { name: 'Save' }).click();
  await expect(third.getByText('How does proceed resume a cancelled run?')).toBeVisible();
  // The rest in bulk: every pair the filter (pending) matches, after a confirm that counts them.
  await page.getByLabel('State', { exact: true }).selectOption('pending');
  await expect(page).toHaveURL(/state=pending/);
  await page.getByRole('button', { name: 'Approve all matching' }).click();
  await expect(page.getByRole('alertdialog').getByRole('heading')).toHaveText(`Approve ${generated!.pair_count - 3} pairs?`);
  await page.getByRole('alertdialog').getByRole('button', { name: `Approve ${generated!.pair_count - 3}` }).click();
  await expect(page.getByText(/pairs approved\./)).toBeVisible();
  const review = await sql<{ review_state: string; n: number }[]>`select review_state, count(*)::int as n from public.pairs where run_id = ${runId} group by 1 order by 1`;
  expect(review).toEqual([{ review_state: 'approved', n: generated!.pair_count - 1 }, { review_state: 'rejected', n: 1 }]);
  expect((await sql`select 1 from public.pairs where run_id = ${runId} and question = 'How does proceed resume a cancelled run?' and review_state = 'approved'`).length).toBe(1);

  // Retry the failed chunk, now that the provider answers it.
  await setProvider();
  await page.goto(`/?corpus=${corpus.id}`);
  details = await expand(page, runId);
  await details.getByRole('button', { name: 'Retry 1 failed chunk' }).click();
  await expect(page.getByText('Retrying 1 failed chunk.')).toBeVisible();
  await expect.poll(async () => { const r = await dbRun(runId); return `${r!.status}/${r!.failed_chunks}`; }, { timeout: 30_000 }).toBe('generated/0');
  await expect(runRow(page, runId).getByText('Awaiting review')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('button', { name: /Retry \d+ failed chunks?/ })).toHaveCount(0, { timeout: 30_000 });
  const retried = await dbRun(runId);
  expect(retried).toMatchObject({ status: 'generated', processed_chunks: corpus.chunks, pair_count: corpus.chunks * 2 });

  // Remove, confirming a dialog that says how many pairs go.
  details = await expand(page, runId);
  await details.getByRole('button', { name: 'Remove' }).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText(`${corpus.chunks * 2} pairs will be deleted`);
  await dialog.getByRole('button', { name: /Remove run and/ }).click();
  await expect(page.getByText(`Run removed with its ${corpus.chunks * 2} pairs.`)).toBeVisible();
  await expect(runRow(page, runId)).toHaveCount(0);
  expect(await sql`select 1 from public.runs where id = ${runId}`).toHaveLength(0);
  await expect(page.getByRole('button', { name: 'Generate' })).toBeEnabled();
});

test('a failing provider stops the run as generation failed; proceed finishes it', async ({ page }) => {
  const corpus = await createCorpus(page.request, `Outage ${Date.now()}`, paragraphs('Outage', 14));
  // The provider rejects every request: the circuit breaker opens.
  await setProvider({ failNext: { count: 100_000, status: 400, message: 'model overloaded' } });
  await page.goto(`/?corpus=${corpus.id}`);
  await page.getByLabel('Concurrency').fill('2');
  await page.getByRole('button', { name: 'Generate' }).click();
  await expect(page.getByText(/Run started/)).toBeVisible();
  const runId = await onlyRunId(corpus.id);
  await expect(runRow(page, runId).getByText('Generation failed')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('blocking-message')).toContainText('failed and must be resolved');
  const details = await expand(page, runId);
  await expect(details.getByRole('alert')).toContainText('Generation stopped');
  await expect(details).toContainText('circuit breaker');
  expect((await dbRun(runId))!.status).toBe('generating_failed');

  await setProvider();
  await details.getByRole('button', { name: 'Proceed' }).click();
  await expect(runRow(page, runId).getByText('Awaiting review')).toBeVisible({ timeout: 30_000 });
  expect(await dbRun(runId)).toMatchObject({ status: 'generated', processed_chunks: corpus.chunks, failed_chunks: 0 });
});

test('Refresh re-reads only its own row', async ({ page }) => {
  const corpus = await createCorpus(page.request, `Refresh ${Date.now()}`, paragraphs('Refresh', 6));
  const { headers } = corpus;
  const { run_id: older } = await (await page.request.post('/api/runs', { headers, data: { corpus_id: corpus.id, config: { generator: 'offline' } } })).json();
  await expect.poll(async () => (await dbRun(older))!.status, { timeout: 30_000 }).toBe('generated');
  await page.request.post(`/api/corpora/${corpus.id}/documents`, { headers, data: { title: 'More', text: paragraphs('More', 6).join('\n\n') } });
  await setProvider({ delayMs: 3_000 });
  const continued = await page.request.post(`/api/runs/${older}/continue`, { headers, data: { config: { generator: 'openai', concurrency: 1 } } });
  expect(continued.status()).toBe(202);
  const active = await onlyRunId(corpus.id);
  expect(active).not.toBe(older);

  // The live feed is down (say, a proxy dropped it): Refresh is how a row catches up.
  await page.route(/\/api\/corpora\/[^/]+\/events/, (route) => route.abort());
  await page.goto(`/?corpus=${corpus.id}`);
  await expect(page.getByTestId('live-state')).toContainText('Reconnecting');
  const olderPairs = await runRow(page, older).getByTestId('pair-count').textContent();
  // Behind the page's back, the older run loses pairs (its counter follows the rows).
  await sql`delete from public.pairs where id in (select id from public.pairs where run_id = ${older} order by id limit 3)`;
  const details = await expand(page, active);
  const requests: string[] = [];
  page.on('request', (request) => {
    if (request.headers()['next-router-prefetch']) return; // links in view prefetching their pages
    requests.push(`${request.method()} ${new URL(request.url()).pathname}${new URL(request.url()).searchParams.has('_rsc') ? ' (page data)' : ''}`);
  });
  const reread = page.waitForResponse((response) => new URL(response.url()).pathname === `/api/runs/${active}` && response.request().method() === 'GET');
  await details.getByRole('button', { name: 'Refresh' }).click();
  const body = await (await reread).json();
  expect(body).toMatchObject({ id: active, status: 'generating' });
  await expect(details.getByRole('button', { name: 'Refresh' })).toBeEnabled();
  await expect(runRow(page, active).getByTestId('progress-text')).toHaveText(new RegExp(`^${body.processed_chunks + body.failed_chunks}/6`));
  // Only that run was read again: no other request, no page data, and the other row is as loaded.
  expect(requests.filter((r) => !r.includes('/events'))).toEqual([`GET /api/runs/${active}`]);
  await expect(runRow(page, older).getByTestId('pair-count')).toHaveText(olderPairs!);
  expect((await dbRun(older))!.pair_count).toBe(Number(olderPairs) - 3);
  await page.unroute(/\/api\/corpora\/[^/]+\/events/);
  await page.reload();
  await expect(runRow(page, older).getByTestId('pair-count')).toHaveText(String(Number(olderPairs) - 3));
});

test('a viewer sees runs read-only, and the server refuses their actions anyway', async ({ page, browser }) => {
  const corpus = await createCorpus(page.request, `Viewer ${Date.now()}`, paragraphs('Viewer', 4));
  const { run_id: runId } = await (await page.request.post('/api/runs', { headers: corpus.headers, data: { corpus_id: corpus.id, config: { generator: 'offline' } } })).json();
  await expect.poll(async () => (await dbRun(runId))!.status, { timeout: 30_000 }).toBe('generated');
  const email = `viewer-${Date.now()}@e2e.test`;
  const userId = await createAuthUser(sql, email, 'viewer-password');
  await sql`insert into public.workspace_members (workspace_id, user_id, role) select workspace_id, ${userId}, 'viewer' from public.corpora where id = ${corpus.id}`;

  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const viewer = await context.newPage();
  await viewer.goto('/login');
  await viewer.getByLabel('Email').fill(email);
  await viewer.getByLabel('Password').fill('viewer-password');
  await viewer.getByRole('button', { name: 'Sign in' }).click();
  await expect(viewer.getByText('you are a viewer')).toBeVisible();
  await viewer.goto(`/?corpus=${corpus.id}`);
  await expect(viewer.getByText('starting and changing them is for workspace admins')).toBeVisible();
  await expect(viewer.getByRole('button', { name: 'Generate' })).toHaveCount(0);
  const details = await expand(viewer, runId);
  await expect(details.getByRole('link', { name: 'Open run page' })).toBeVisible();
  await expect(details.getByRole('button')).toHaveCount(0);
  await details.getByRole('link', { name: 'Open run page' }).click();
  await expect(viewer.getByRole('table', { name: 'Question pairs' })).toBeVisible();
  await expect(viewer.getByRole('button', { name: /^(Approve|Reject|Edit|Train|Remove|Continue)/ })).toHaveCount(0);
  await expect(viewer.getByRole('button', { name: /all matching/ })).toHaveCount(0);

  // The server refuses a viewer whatever the page shows.
  const { access_token } = await (await viewer.request.post('/api/auth/token', { data: { email, password: 'viewer-password' } })).json();
  const train = await viewer.request.post(`/api/runs/${runId}/train`, { headers: { Authorization: `Bearer ${access_token}` } });
  expect(train.status()).toBe(403);
  expect((await dbRun(runId))!.status).toBe('generated');
  await context.close();
});

test('the settings form refuses bad values field by field and starts nothing', async ({ page }) => {
  const corpus = await createCorpus(page.request, `Settings ${Date.now()}`, paragraphs('Settings', 2));
  await page.goto(`/?corpus=${corpus.id}`);
  await page.getByLabel('Questions per chunk').fill('11');
  await page.getByLabel('Concurrency').fill('zero');
  await page.getByRole('button', { name: 'Generate' }).click();
  await expect(page.getByText('At most 10.')).toBeVisible();
  await expect(page.getByText('Enter a number.')).toBeVisible();
  await expect(page.getByLabel('Concurrency')).toHaveAttribute('aria-invalid', 'true');
  expect(await sql`select 1 from public.runs where corpus_id = ${corpus.id}`).toHaveLength(0);
});

test('train → live progress → held-out results with BM25 and intervals → search before and after', async ({ page }) => {
  // The split is a hash of the run id and each chunk: with 24 chunks, fewer than 2 validation
  // chunks (too few to train) came up about 3 runs in 10; with 120, about 1 in 20,000.
  const corpus = await createCorpus(page.request, `Train ${Date.now()}`, paragraphs('Train', 120));
  await page.goto(`/?corpus=${corpus.id}`);
  await page.getByLabel('Generator').selectOption('offline');
  await page.getByRole('button', { name: 'Generate' }).click();
  const card = page.getByTestId('current-run');
  await expect(card.getByText('Awaiting review')).toBeVisible({ timeout: 30_000 });
  await card.getByRole('button', { name: 'Train' }).click();
  const dialog = page.getByRole('dialog', { name: 'Train a retrieval adapter' });
  // What this server cannot do is offered disabled, saying why.
  await expect(dialog.getByTestId('trainer-unavailable')).toContainText('RECALL_TRAINER_URL');
  await expect(dialog.getByRole('option', { name: /OpenAI-compatible.*not configured/ })).toBeDisabled();
  await dialog.getByLabel('Passes over the pairs (epochs)').fill('99');
  await dialog.getByRole('button', { name: 'Start training' }).click();
  await expect(dialog.getByText('At most 50.')).toBeVisible();
  await dialog.getByLabel('Passes over the pairs (epochs)').fill('20');
  await dialog.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByText('Training started.')).toBeVisible();
  // Live: the stage, then steps and loss.
  await expect(card.getByText(/Reading the corpus|Embedding questions|Step \d+ of \d+|Measuring held-out/)).toBeVisible({ timeout: 30_000 });
  await expect(card.getByText('Completed')).toBeVisible({ timeout: 90_000 });
  const metrics = card.getByTestId('metrics');
  await expect(metrics.getByRole('status')).toContainText(/Retrieval improved|No significant change|Retrieval got worse|No improvement|Not measured/);
  const runId = await onlyRunId(corpus.id);
  const [row] = await sql<{ status: string; verdict: string; epochs: number }[]>`
    select status, metrics->>'verdict' as verdict, (training_options->>'epochs')::int as epochs from public.runs where id = ${runId}`;
  expect(row).toMatchObject({ status: 'completed', epochs: 20 });
  expect(await metrics.getAttribute('data-verdict')).toBe(row!.verdict);
  // A completed run does not block: Generate is available again.
  await expect(page.getByRole('button', { name: 'Generate' })).toBeEnabled();

  // The run page: the whole table, and a search three ways.
  await page.goto(`/runs/${runId}`);
  await expect(page.getByRole('columnheader', { name: 'MRR@10' }).first()).toBeVisible();
  await expect(page.getByRole('rowheader', { name: 'BM25 (lexical)' }).first()).toBeVisible();
  await page.getByRole('search').getByLabel('Question').fill('How does a cancelled run resume from the true count?');
  await page.getByRole('button', { name: 'Search' }).click();
  const results = page.getByTestId('search-results');
  for (const column of ['Embedding alone', 'With the adapter', 'BM25']) {
    await expect(results.getByRole('region', { name: column }).getByRole('listitem').first()).toBeVisible();
  }
  await expect(page.getByRole('link', { name: 'Download the adapter' })).toHaveAttribute('href', `/api/runs/${runId}/adapter`);
});

test('the history pages back with a cursor and filters by status', async ({ page }) => {
  const corpus = await createCorpus(page.request, `History ${Date.now()}`, paragraphs('History', 1));
  const [{ workspace_id }] = (await sql`select workspace_id from public.corpora where id = ${corpus.id}`) as unknown as [{ workspace_id: string }];
  // 24 completed runs and one cancelled one, a minute apart.
  await sql`
    insert into public.runs (workspace_id, corpus_id, status, cancelled_from, stop_reason, created_at, started_at, finished_at)
    select ${workspace_id}, ${corpus.id}, case when g = 25 then 'cancelled' else 'completed' end, case when g = 25 then 'generating' end,
           case when g = 25 then 'cancelled' else 'target_reached' end, now() - make_interval(mins => 100 - g), now() - make_interval(mins => 100 - g), now() - make_interval(mins => 99 - g)
    from generate_series(1, 25) g`;
  await page.goto(`/?corpus=${corpus.id}`);
  const rows = page.locator('tr[data-run-id]');
  await expect(rows).toHaveCount(20);
  await expect(page.getByRole('link', { name: 'Newer runs' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Older runs' }).click();
  await expect(rows).toHaveCount(5);
  await expect(page.getByRole('link', { name: 'Older runs' })).toHaveCount(0);
  // And back: the page before, then the newest.
  await page.getByRole('link', { name: 'Newer runs' }).click();
  await expect(rows).toHaveCount(20);
  await expect(page.getByRole('link', { name: 'Newer runs' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Older runs' })).toHaveCount(1);
  await page.getByRole('link', { name: 'Older runs' }).click();
  await expect(rows).toHaveCount(5);
  await page.getByRole('link', { name: 'Newest' }).click();
  await expect(rows).toHaveCount(20);
  await page.getByLabel('Status').selectOption('cancelled');
  await expect(rows).toHaveCount(1);
  await expect(rows.first().getByText('Cancelled')).toBeVisible();
  await page.getByLabel('Status').selectOption('training_failed');
  await expect(page.getByText('No runs with this status')).toBeVisible();
});
