import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { E2E_DATA_DIR } from '../../playwright.config';
import { connectToDataDir } from './support/db';
import { seedReviewedRun } from './support/review';

/**
 * Review at scale in a real browser: search, filter by a signal, a bulk decision by filter
 * with its count, undo, keyboard review, and an export download — each checked in the database.
 */
const sql = connectToDataDir(E2E_DATA_DIR);
test.afterAll(async () => sql.end());

const statesOf = async (runId: string) =>
  Object.fromEntries((await sql<{ review_state: string; n: number }[]>`select review_state, count(*)::int as n from public.pairs where run_id = ${runId} group by 1`).map((r) => [r.review_state, r.n]));

test('an admin finds the doubtful pairs, decides on them in bulk, undoes it, reviews from the keyboard and downloads', async ({ page }) => {
  const run = await seedReviewedRun(page.request, sql, 'Review');
  // The repeated question in every chunk but the first, and every "Why?" but the first.
  expect(run.counts.duplicates).toBe(run.chunks - 1 + run.counts.short - 1);
  await page.goto(`/runs/${run.runId}`);

  // The run page says how many pairs each signal flags.
  const summary = page.getByLabel('Signal summary');
  await expect(summary.getByRole('link', { name: /^Duplicate: / })).toHaveText(`Duplicate: ${run.counts.duplicates}`);
  await expect(summary.getByRole('link', { name: /^Too short: / })).toHaveText(`Too short: ${run.counts.short}`);

  // Full-text search.
  const table = page.getByRole('table', { name: 'Question pairs' });
  await page.getByLabel('Search questions').fill('"finished chunks"');
  await page.getByLabel('Search questions').press('Enter');
  await expect(page).toHaveURL(/q=%22finished/);
  await expect(table.locator('tbody tr')).toHaveCount(run.chunks);
  for (const text of await table.locator('tbody tr').allInnerTexts()) expect(text).toContain('finished chunks');

  // Filter by a signal; the badge explains itself.
  await page.getByRole('link', { name: 'Clear the filter' }).click();
  await expect(page.getByLabel('Search questions')).toHaveValue('');
  await page.getByLabel('Signal', { exact: true }).selectOption('duplicate');
  await expect(page).toHaveURL(/signal=duplicate/);
  await expect(table.locator('tbody tr')).toHaveCount(run.counts.duplicates);
  await table.locator('[data-signal="duplicate"]').first().hover();
  await expect(page.getByRole('tooltip')).toContainText('Duplicate of #');

  // Bulk reject by filter, with the count shown before anything changes.
  await page.getByRole('button', { name: 'Reject all matching' }).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog.getByRole('heading')).toHaveText(`Reject ${run.counts.duplicates} pairs?`);
  expect(await statesOf(run.runId)).toEqual({ pending: run.counts.pairs });
  await dialog.getByRole('button', { name: `Reject ${run.counts.duplicates}` }).click();
  await expect(page.getByText(`${run.counts.duplicates} pairs rejected.`)).toBeVisible();
  expect(await statesOf(run.runId)).toEqual({ pending: run.counts.pairs - run.counts.duplicates, rejected: run.counts.duplicates });
  const [rejected] = await sql<{ n: number }[]>`
    select count(*)::int as n from public.pairs p join public.pair_signals s on s.pair_id = p.id
    where p.run_id = ${run.runId} and p.review_state = 'rejected' and s.duplicate_of is not null`;
  expect(rejected!.n).toBe(run.counts.duplicates);

  // Undo puts every pair back.
  await page.getByRole('button', { name: /^Undo bulk #\d+/ }).click();
  await expect(page.getByText(`Undone: ${run.counts.duplicates} pairs back as they were.`)).toBeVisible();
  expect(await statesOf(run.runId)).toEqual({ pending: run.counts.pairs });

  // Keyboard review of three pairs: approve, reject, edit.
  await page.getByRole('link', { name: 'Clear the filter' }).click();
  await expect(table.locator('tbody tr')).toHaveCount(run.counts.pairs);
  const rows = table.locator('tbody tr');
  const ids = await rows.evaluateAll((trs) => trs.slice(0, 3).map((tr) => Number(tr.getAttribute('data-pair-id'))));
  await page.keyboard.press('j');
  await expect(rows.nth(0)).toBeFocused();
  await page.keyboard.press('a');
  await expect(rows.nth(1)).toBeFocused();
  await expect(rows.nth(0).locator('[data-review-state]')).toHaveText('approved');
  await page.keyboard.press('r');
  await expect(rows.nth(1).locator('[data-review-state]')).toHaveText('rejected');
  await expect(rows.nth(2)).toBeFocused();
  await page.keyboard.press('e');
  await rows.nth(2).getByLabel('Question').fill('Which chunks does a cancelled run keep?');
  await rows.nth(2).getByLabel('Question').press('Enter');
  await expect(page.getByText('Question saved and approved.')).toBeVisible();
  await expect(rows.nth(2)).toContainText('Which chunks does a cancelled run keep?');
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard review' })).toBeVisible();
  await page.keyboard.press('Escape');
  const decided = await sql<{ id: number; review_state: string; question: string }[]>`
    select id::int as id, review_state, question from public.pairs where id = any(${ids}::bigint[]) order by id`;
  expect(decided.map((p) => p.review_state)).toEqual(['approved', 'rejected', 'approved']);
  expect(decided[2]!.question).toBe('Which chunks does a cancelled run keep?');

  // Download the approved pairs for sentence-transformers.
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`recall-${run.runId.slice(0, 8)}-sentence-transformers.jsonl`);
  const lines = readFileSync((await file.path())!, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { anchor: string; positive: string });
  expect(lines.map((l) => l.anchor).sort()).toEqual(decided.filter((p) => p.review_state === 'approved').map((p) => p.question).sort());
  for (const line of lines) expect(line.positive.length).toBeGreaterThan(20);
});

test('a failed keyboard decision is taken back with a toast', async ({ page }) => {
  const run = await seedReviewedRun(page.request, sql, 'Refused');
  await page.goto(`/runs/${run.runId}`);
  const rows = page.getByRole('table', { name: 'Question pairs' }).locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  // Training starts behind the page's back: review is closed now.
  await sql`update public.runs set status = 'training', heartbeat_at = now() + interval '1 minute' where id = ${run.runId}`;
  await page.keyboard.press('j');
  await page.keyboard.press('a');
  await expect(page.getByText('Pairs cannot be reviewed while the run is training.')).toBeVisible();
  await expect(rows.nth(0).locator('[data-review-state]')).toHaveText('pending');
  expect(await statesOf(run.runId)).toEqual({ pending: run.counts.pairs });
  await sql`update public.runs set status = 'generated', heartbeat_at = null where id = ${run.runId}`;
});
