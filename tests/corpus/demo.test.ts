import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CORPUS, seedDemoCorpus } from '@/lib/boot/demo-corpus';
import { seed } from '@/lib/boot/seed';
import { offlineQuestions } from '@/lib/llm/offline-generator';
import { createTestDatabase } from '../support/db';

describe('demo corpus', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('seeds Recall’s own documentation as a corpus of well over 100 chunks, once', async () => {
    const { workspaceId } = await seed(db.sql, { createUsers: true });
    const demo = await seedDemoCorpus(db.sql, workspaceId);
    expect(demo!.chunks).toBeGreaterThanOrEqual(100);
    const [row] = await db.sql`
      select c.name, (select count(*)::int from public.documents d where d.corpus_id = c.id) as documents,
             (select count(*)::int from public.chunks k where k.corpus_id = c.id) as chunks,
             (select max(token_count) from public.chunks k where k.corpus_id = c.id) as max_tokens
      from public.corpora c where c.id = ${demo!.corpusId}`;
    expect(row).toMatchObject({ name: DEMO_CORPUS, chunks: demo!.chunks });
    expect(row!.documents).toBeGreaterThanOrEqual(10);
    expect(row!.max_tokens).toBeLessThanOrEqual(128);
    expect(await seedDemoCorpus(db.sql, workspaceId)).toBeNull();
    // A first run of the demo corpus fails no chunk: the offline generator asks about every one.
    const chunks = await db.sql<{ content: string }[]>`select content from public.chunks where corpus_id = ${demo!.corpusId}`;
    const unaskable = chunks.filter((chunk) => offlineQuestions(chunk.content, 3).length === 0).map((chunk) => chunk.content);
    expect(unaskable).toEqual([]);
    // Its hand-written questions are its test set, each tied to a chunk (or, where a chunk boundary cuts the answer, its document).
    const [questions] = await db.sql`select count(*)::int as n, count(chunk_id)::int as by_chunk from public.test_questions where corpus_id = ${demo!.corpusId}`;
    expect(questions).toMatchObject({ n: 132 });
    expect(questions!.by_chunk).toBeGreaterThan(100);
  });
});
