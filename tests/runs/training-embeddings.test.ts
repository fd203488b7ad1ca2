import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '@/lib/auth/claims';
import { seedDemoCorpus } from '@/lib/boot/demo-corpus';
import { closePool } from '@/lib/db/pool-holder';
import { stopBoss } from '@/lib/runs/engine/boss-holder';
import { startWorker } from '@/lib/runs/engine/worker';
import { proceedRun } from '@/lib/runs/lifecycle/proceed-run';
import { startRun } from '@/lib/runs/lifecycle/start-run';
import { trainRun } from '@/lib/runs/lifecycle/train-run';
import { getRun } from '@/lib/runs/queries';
import type { RunStatus } from '@/lib/runs/status';
import type { TrainingReport } from '@/lib/training/report';
import { createTestDatabase, useAppDatabase } from '../support/db';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai';
import { makeTeam } from '../support/users';

/** Training on an OpenAI-compatible embeddings endpoint (a real HTTP fake), cached in Postgres. */
describe('training on provider embeddings', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let fake: FakeOpenAI;
  let admin: SessionUser;
  let workspace: string;

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    process.env.OPENAI_BASE_URL = fake.url;
    process.env.OPENAI_API_KEY = 'sk-embeddings-test';
    process.env.RECALL_EMBEDDING_MODEL = 'fake-embed';
    db = await createTestDatabase();
    await useAppDatabase(db.url);
    ({ admin, workspace } = await makeTeam(db.sql, 'Embeddings'));
    await startWorker({ coordinators: 2, batches: 2 });
  });
  afterAll(async () => {
    await stopBoss();
    await closePool();
    await fake.close();
    await db.drop();
  });

  const waitFor = (runId: string, status: RunStatus) =>
    expect.poll(async () => (await getRun(admin, runId)).status, { timeout: 60_000, interval: 100 }).toBe(status);
  const generated = async (corpusId: string) => {
    const run = await startRun(admin, corpusId, { generator: 'offline', questions_per_chunk: 2 });
    await waitFor(run.id, 'generated');
    return run.id;
  };
  const embeddingCalls = () => fake.requests.filter((r) => r.path.endsWith('/embeddings')).length;

  it('trains in the provider’s space, and a second training embeds nothing it embedded before', async () => {
    const demo = await seedDemoCorpus(db.sql, workspace);
    const first = await generated(demo!.corpusId);
    fake.clearRequests();
    await trainRun(admin, first, { embedder: 'openai' });
    await waitFor(first, 'completed');
    const report = (await getRun(admin, first)).metrics as TrainingReport;
    expect(report).toMatchObject({ embedder: { provider: 'openai', model: 'fake-embed', dim: 64 }, corpus_chunks: 168 });
    expect(report.test?.queries).toBeGreaterThan(0);
    const firstCalls = embeddingCalls();
    expect(firstCalls).toBeGreaterThan(1);
    const [{ passages }] = (await db.sql`select count(*)::int as passages from private.embedding_cache where role = 'passage'`) as unknown as [{ passages: number }];
    expect(passages).toBe(168);

    // The same corpus and questions again: only the dimension probe reaches the provider.
    const second = await generated(demo!.corpusId);
    fake.clearRequests();
    await trainRun(admin, second, { embedder: 'openai' });
    await waitFor(second, 'completed');
    expect(embeddingCalls()).toBe(1);
  });

  it('fails a training whose provider answers garbage, with the reason, and proceeds once it is fixed', async () => {
    const team = await makeTeam(db.sql, 'Garbage');
    const demo = await seedDemoCorpus(db.sql, team.workspace);
    const run = await startRun(team.admin, demo!.corpusId, { generator: 'offline', questions_per_chunk: 1 });
    await expect.poll(async () => (await getRun(team.admin, run.id)).status, { timeout: 30_000 }).toBe('generated');
    fake.setBehaviour({ embeddings: { dim: 48, reply: 'garbage' } });
    await trainRun(team.admin, run.id, { embedder: 'openai' });
    await expect.poll(async () => (await getRun(team.admin, run.id)).status, { timeout: 30_000 }).toBe('training_failed');
    const failed = await getRun(team.admin, run.id);
    expect(failed.error).toMatchObject({ code: 'unusable_embeddings', phase: 'training', message: expect.stringContaining('not a vector of numbers') });
    fake.setBehaviour({ embeddings: { dim: 48 } });
    await proceedRun(team.admin, run.id);
    await expect.poll(async () => (await getRun(team.admin, run.id)).status, { timeout: 60_000 }).toBe('completed');
    expect(((await getRun(team.admin, run.id)).metrics as TrainingReport).embedder.dim).toBe(48);
  });

  it('refuses a bad embedding model name, changing nothing', async () => {
    const team = await makeTeam(db.sql, 'Bad model');
    const demo = await seedDemoCorpus(db.sql, team.workspace);
    const run = await startRun(team.admin, demo!.corpusId, { generator: 'offline', questions_per_chunk: 1 });
    await expect.poll(async () => (await getRun(team.admin, run.id)).status, { timeout: 30_000 }).toBe('generated');
    for (const model of ['', 'x'.repeat(201), 'nul\u0000']) {
      await expect(trainRun(team.admin, run.id, { embedder: 'openai', model })).rejects.toMatchObject({ status: 422, code: 'validation_failed' });
    }
    expect((await getRun(team.admin, run.id)).status).toBe('generated');
  });
});
