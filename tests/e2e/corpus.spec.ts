import { expect, test } from '@playwright/test';
import { E2E_DATA_DIR } from '../../playwright.config';
import { createCorpus, paragraphs } from './support/api';
import { connectToDataDir } from './support/db';

const sql = connectToDataDir(E2E_DATA_DIR);
test.afterAll(async () => sql.end());

const documentsOf = async (corpusId: string) =>
  (await sql<{ title: string }[]>`select title from public.documents where corpus_id = ${corpusId} `).map((d) => d.title).sort();

test('documents are uploaded by file chooser and by drag and drop, bad ones refused, and browsed as chunks', async ({ page }) => {
  const name = `Upload ${Date.now()}`;
  const corpus = await createCorpus(page.request, name, paragraphs('Seed', 2));
  await page.goto(`/corpora/${corpus.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);

  // The file chooser: one good Markdown file and one PDF, which is refused on its own.
  await page.getByLabel('Upload files').setInputFiles([
    { name: 'cancel-guide.md', mimeType: 'text/markdown', buffer: Buffer.from(paragraphs('Cancel', 4).join('\n\n')) },
    { name: 'paper.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7 binary') },
  ]);
  const results = page.getByRole('list', { name: 'Upload results' });
  await expect(results.getByText(/“cancel-guide” added: \d+ chunks/)).toBeVisible();
  await expect(results.getByText(/paper\.pdf: Only \.md/)).toBeVisible();
  await expect(page.getByText('1 of 2 documents were refused.')).toBeVisible();

  // Drag and drop.
  const drop = await page.evaluateHandle(() => {
    const data = new DataTransfer();
    data.items.add(new File(['## Workers\n\nWorkers heartbeat every few seconds and a lost one is replaced.'], 'workers.txt', { type: 'text/plain' }));
    return data;
  });
  await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer: drop });
  await expect(results.getByText(/“workers” added/)).toBeVisible();

  expect(await documentsOf(corpus.id)).toEqual(['cancel-guide', `${name} handbook`, 'workers'].sort());
  const documents = page.getByRole('table', { name: 'Documents' });
  await expect(documents.getByRole('link', { name: 'workers' })).toBeVisible();

  // Chunk browser, filtered to one document.
  await documents.getByRole('link', { name: 'workers' }).click();
  const chunks = page.getByRole('list', { name: 'Chunks' }).getByRole('listitem');
  await expect(chunks).toHaveCount(1);
  await expect(chunks.first()).toContainText('Workers heartbeat every few seconds');
});

test('pasted text: field errors for a missing title or text, then added', async ({ page }) => {
  const corpus = await createCorpus(page.request, `Paste ${Date.now()}`, paragraphs('Seed', 1));
  await page.goto(`/corpora/${corpus.id}`);
  const form = page.getByRole('form', { name: 'Paste a document' });
  await form.getByRole('button', { name: 'Add document' }).click();
  await expect(form.getByText('Give the document a title.')).toBeVisible();
  await expect(form.getByText('Paste the document text.')).toBeVisible();
  await expect(form.getByLabel('Text')).toHaveAttribute('aria-invalid', 'true');
  expect(await documentsOf(corpus.id)).toHaveLength(1);

  await form.getByLabel('Title').fill('Pasted notes');
  await form.getByLabel('Text').fill('## Pasted\n\nPasted text becomes a document with chunks like any upload.');
  await form.getByRole('button', { name: 'Add document' }).click();
  await expect(page.getByText(/“Pasted notes” added: 1 chunk\./)).toBeVisible();
  await expect(page.getByRole('table', { name: 'Documents' }).getByRole('link', { name: 'Pasted notes' })).toBeVisible();
  expect(await documentsOf(corpus.id)).toContain('Pasted notes');
});
