import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '@/lib/auth/claims';
import { addDocument } from '@/lib/corpus/add-document';
import { createCorpus } from '@/lib/corpus/create-corpus';
import { listCorpora } from '@/lib/corpus/list-corpora';
import { removeDocument } from '@/lib/corpus/remove-document';
import { closePool } from '@/lib/db/pool-holder';
import { createTestDatabase, useAppDatabase } from '../support/db';
import { makeTeam } from '../support/users';

const paragraphs = (topic: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${topic} paragraph ${i}: a run keeps every finished chunk when a worker crashes, and proceeds from the true count.`).join('\n\n');

describe('corpus ingestion', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let admin: SessionUser;
  let viewer: SessionUser;
  let outsider: SessionUser;
  let workspace: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    await useAppDatabase(db.url);
    ({ admin, viewer, outsider, workspace } = await makeTeam(db.sql, 'Acme'));
  });
  afterAll(async () => {
    await closePool();
    await db.drop();
  });

  const counts = async () => {
    const [row] = await db.sql`select (select count(*) from public.documents)::int as documents, (select count(*) from public.chunks)::int as chunks`;
    return row;
  };

  it('creates corpora for admins, in their workspace by default, with unique names', async () => {
    const corpus = await createCorpus(admin, { name: 'Handbook', chunk_size: 64, chunk_overlap: 8 });
    expect(corpus).toMatchObject({ workspace_id: workspace, name: 'Handbook', chunk_size: 64 });
    await expect(createCorpus(admin, { name: 'Handbook', chunk_size: 64, chunk_overlap: 8 })).rejects.toMatchObject({ code: 'conflict', status: 409 });
    await expect(createCorpus(viewer, { name: 'Viewer corpus', workspace_id: workspace, chunk_size: 512, chunk_overlap: 0 })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(createCorpus(outsider, { name: 'Sneaky', workspace_id: workspace, chunk_size: 512, chunk_overlap: 0 })).rejects.toMatchObject({
      code: 'not_found',
    });
    expect((await listCorpora(admin)).map((c) => c.name)).toEqual(['Handbook']);
    expect(await listCorpora(outsider)).toEqual([]);
  });

  it('splits a document into chunks and stores identical passages once per corpus', async () => {
    const corpus = await createCorpus(admin, { name: 'Dedup', chunk_size: 64, chunk_overlap: 0 });
    const first = await addDocument(admin, corpus.id, { title: 'First', text: paragraphs('Alpha', 6) });
    expect(first.chunk_count).toBeGreaterThan(2);
    expect(first.duplicate_chunks).toBe(0);

    const second = await addDocument(admin, corpus.id, { title: 'Second', text: `${paragraphs('Alpha', 6)}\n\n${paragraphs('Beta', 3)}` });
    expect(second.duplicate_chunks).toBeGreaterThan(0);
    const [row] = await db.sql`select count(*)::int as n, count(distinct content_hash)::int as distinct_hashes, max(token_count) as max_tokens
                               from public.chunks where corpus_id = ${corpus.id}`;
    expect(row).toMatchObject({ n: first.chunk_count + second.chunk_count, distinct_hashes: first.chunk_count + second.chunk_count });
    expect(row!.max_tokens).toBeLessThanOrEqual(64);
    const [summary] = (await listCorpora(viewer)).filter((c) => c.id === corpus.id);
    expect(summary).toMatchObject({ document_count: 2, chunk_count: row!.n });
  });

  it('removes a document with the passages only it contains; a shared passage stays, under the other document', async () => {
    const corpus = await createCorpus(admin, { name: 'Removal', chunk_size: 64, chunk_overlap: 0 });
    const first = await addDocument(admin, corpus.id, { title: 'First', text: paragraphs('Gamma', 4) });
    const second = await addDocument(admin, corpus.id, { title: 'Second', text: `${paragraphs('Gamma', 2)}\n\n${paragraphs('Delta', 2)}` });
    expect(second.duplicate_chunks).toBeGreaterThan(0);
    await expect(removeDocument(viewer, corpus.id, first.document_id)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(removeDocument(outsider, corpus.id, first.document_id)).rejects.toMatchObject({ code: 'not_found' });

    const removed = await removeDocument(admin, corpus.id, first.document_id);
    expect(removed).toEqual({ deleted_chunks: first.chunk_count - second.duplicate_chunks, affected_runs: 0 });
    const left = await db.sql<{ document_id: string; n: number }[]>`select document_id, count(*)::int as n from public.chunks where corpus_id = ${corpus.id} group by 1`;
    expect(left).toEqual([{ document_id: second.document_id, n: second.chunk_count + second.duplicate_chunks }]);
    await expect(removeDocument(admin, corpus.id, first.document_id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses bad documents and changes nothing', async () => {
    const corpus = await createCorpus(admin, { name: 'Strict', chunk_size: 128, chunk_overlap: 16 });
    await addDocument(admin, corpus.id, { title: 'Original', text: paragraphs('Gamma', 2) });
    const before = await counts();
    await expect(addDocument(admin, corpus.id, { title: 'Again', text: paragraphs('Gamma', 2) })).rejects.toMatchObject({ code: 'duplicate_document', status: 409 });
    await expect(addDocument(admin, corpus.id, { title: 'Empty', text: '   ' })).rejects.toMatchObject({ code: 'empty_document', status: 422 });
    await expect(addDocument(admin, corpus.id, { title: 'Binary', text: '\u0000\u0001ELF' })).rejects.toMatchObject({ code: 'unsupported_document' });
    await expect(addDocument(admin, corpus.id, { title: 'Huge', text: 'a'.repeat(5 * 1024 * 1024 + 1) })).rejects.toMatchObject({ status: 413 });
    await expect(addDocument(viewer, corpus.id, { title: 'Viewer', text: 'A viewer cannot add this.' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(addDocument(outsider, corpus.id, { title: 'Outsider', text: 'Nor can an outsider.' })).rejects.toMatchObject({ code: 'not_found' });
    expect(await counts()).toEqual(before);
  });
});
