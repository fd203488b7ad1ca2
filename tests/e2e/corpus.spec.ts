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

test('test questions: added one by one and as JSON lines, refused when they name nothing of the corpus, removed', async ({ page, request }) => {
  const corpus = await createCorpus(request, `Questions ${Date.now()}`, paragraphs('Questions', 3));
  const { headers } = corpus;
  const [document] = (await (await request.get(`/api/corpora/${corpus.id}/questions`, { headers })).json()).questions as never[];
  expect(document).toBeUndefined();
  const [doc] = await sql<{ id: string; title: string }[]>`select id, title from public.documents where corpus_id = ${corpus.id}`;
  const [chunk] = await sql<{ id: string }[]>`select id from public.chunks where corpus_id = ${corpus.id} limit 1`;
  const [foreign] = await sql<{ id: string }[]>`select c.id from public.chunks c join public.corpora k on k.id = c.corpus_id where k.name = 'Recall documentation' limit 1`;

  // Over HTTP: one, then many; bad ones change nothing.
  expect((await request.post(`/api/corpora/${corpus.id}/questions`, { headers, data: { question: 'How is a cancelled run resumed?', chunk_id: chunk!.id } })).status()).toBe(201);
  const many = await request.post(`/api/corpora/${corpus.id}/questions`, { headers, data: { questions: [{ question: 'Where do workers heartbeat?', document_id: doc!.id }, { question: 'Why is nothing paid twice?', document_id: doc!.id }] } });
  expect(await many.json()).toEqual({ created: 2 });
  for (const data of [{ question: 'No target' }, { question: 'Both', chunk_id: chunk!.id, document_id: doc!.id }, { question: 'Elsewhere', chunk_id: foreign!.id }, { question: 'N\u0000UL', document_id: doc!.id }, { question: '', document_id: doc!.id }]) {
    expect((await request.post(`/api/corpora/${corpus.id}/questions`, { headers, data })).status()).toBe(422);
  }
  const listed = (await (await request.get(`/api/corpora/${corpus.id}/questions`, { headers })).json()).questions;
  expect(listed.map((q: { question: string }) => q.question)).toEqual(['How is a cancelled run resumed?', 'Where do workers heartbeat?', 'Why is nothing paid twice?']);

  // In the page: add one, paste JSON lines (a wrong title is a field error), remove one.
  await page.goto(`/corpora/${corpus.id}#questions`);
  const form = page.getByRole('form', { name: 'Add test questions' });
  await form.getByLabel('Question').fill('What does proceed continue from?');
  await form.getByRole('button', { name: 'Add to the test set' }).click();
  await expect(page.getByText('1 question added to the test set.')).toBeVisible();
  // The form resets after a successful add; fill it only once it has (or the reset clears the paste).
  await expect(form.getByLabel('Question')).toHaveValue('');
  await expect(form.getByLabel('Question')).not.toHaveAttribute('aria-invalid', 'true');
  await form.getByLabel('Or paste JSON lines').fill(`{"question": "A title that is not there?", "document": "No such title"}`);
  await form.getByRole('button', { name: 'Add to the test set' }).click();
  await expect(form.getByText('no document titled “No such title”')).toBeVisible();
  await form.getByLabel('Or paste JSON lines').fill(`{"question": "Pasted one?", "document": ${JSON.stringify(doc!.title)}}\n{"question": "Pasted two?", "chunk_id": "${chunk!.id}"}`);
  await form.getByRole('button', { name: 'Add to the test set' }).click();
  await expect(page.getByText('2 questions added to the test set.')).toBeVisible();
  await page.getByRole('button', { name: 'Remove “Pasted one?”' }).click();
  await expect(page.getByText('Question removed.')).toBeVisible();
  const [{ n }] = (await sql`select count(*)::int as n from public.test_questions where corpus_id = ${corpus.id}`) as unknown as [{ n: number }];
  expect(n).toBe(5);
});
