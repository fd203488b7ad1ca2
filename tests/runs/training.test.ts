import type { Job, PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '@/lib/auth/claims';
import { closePool } from '@/lib/db/pool-holder';
import { stopBoss } from '@/lib/runs/engine/boss-holder';
import { coordinateRun } from '@/lib/runs/engine/coordinator';
import type { CoordinatorJob } from '@/lib/runs/engine/schedule';
import { ENGINE } from '@/lib/runs/engine/settings';
import { startWorker } from '@/lib/runs/engine/worker';
import { cancelRun } from '@/lib/runs/lifecycle/cancel-run';
import { proceedRun } from '@/lib/runs/lifecycle/proceed-run';
import { startRun } from '@/lib/runs/lifecycle/start-run';
import { trainRun } from '@/lib/runs/lifecycle/train-run';
import { getRun } from '@/lib/runs/queries';
import type { RunStatus } from '@/lib/runs/status';
import { seedDemoCorpus } from '@/lib/boot/demo-corpus';
import { compareRetrieval, embedQueries } from '@/lib/evaluation/evaluate';
import { builtinChoice, prepareTraining } from '@/lib/training/prepare';
import { verdictOf, type TrainingReport } from '@/lib/training/report';
import { loadAdapter } from '@/lib/training/store';
import { seedCorpus } from '../support/corpus';
import { createTestDatabase, useAppDatabase } from '../support/db';
import { makeTeam } from '../support/users';

/** The training phase end to end: the in-process worker trains, checkpoints and resumes. */
describe('training', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let admin: SessionUser;
  let viewer: SessionUser;
  let workspace: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    await useAppDatabase(db.url);
    ({ admin, viewer, workspace } = await makeTeam(db.sql, 'Training'));
    await startWorker({ coordinators: 2, batches: 2 });
  });
  afterAll(async () => {
    await stopBoss();
    await closePool();
    await db.drop();
  });

  const waitFor = (runId: string, status: RunStatus, timeout = 30_000) =>
    expect.poll(async () => (await getRun(admin, runId)).status, { timeout, interval: 100 }).toBe(status);
  const events = async (runId: string) =>
    (await db.sql<{ from_status: string | null; to_status: string; message: string | null }[]>`
      select from_status, to_status, message from public.run_events where run_id = ${runId} order by id`);
  const generatedRun = async (chunks: number) => {
    const { corpusId } = await seedCorpus(db.sql, workspace, { chunks, documents: 2 });
    const run = await startRun(admin, corpusId, { generator: 'offline', questions_per_chunk: 3 });
    await waitFor(run.id, 'generated');
    return run.id;
  };
  const adapterRow = async (runId: string) =>
    (await db.sql<{ steps_done: number; dim: number; format: number; form: string | null; checkpoint: Buffer | null; weights: Buffer }[]>`
      select steps_done, dim, format, form, checkpoint, weights from public.adapters where run_id = ${runId}`)[0];

  it('trains on train chunks only and reports held-out retrieval against the whole corpus, with BM25 and intervals', async () => {
    // Recall's own documentation: real text, 168 chunks.
    const demo = await seedDemoCorpus(db.sql, workspace);
    const started = await startRun(admin, demo!.corpusId, { generator: 'offline', questions_per_chunk: 3 });
    await waitFor(started.id, 'generated');
    const runId = started.id;
    await trainRun(admin, runId);
    await waitFor(runId, 'completed', 60_000);
    const run = await getRun(admin, runId);
    const report = run.metrics as TrainingReport;
    expect(report).toMatchObject({ version: 2, embedder: { provider: 'builtin', dim: 16_384 }, trainer: 'local', corpus_chunks: 168 });
    // The split is stored, one row per chunk with pairs, and its sizes are the report's.
    const splits = await db.sql<{ split: string; n: number }[]>`select split, count(*)::int as n from public.training_splits where run_id = ${runId} group by split`;
    expect(Object.fromEntries(splits.map((row) => [row.split, row.n]))).toEqual({ train: report.split.train_chunks, validation: report.split.validation_chunks, test: report.split.test_chunks });
    expect(report.split.test_chunks + report.split.validation_chunks + report.split.train_chunks).toBe(168);
    const [{ test_pairs }] = (await db.sql`
      select count(*)::int as test_pairs from public.pairs p join public.training_splits s on s.run_id = ${runId} and s.chunk_id = p.chunk_id
      where p.run_id = ${runId} and s.split = 'test'`) as unknown as [{ test_pairs: number }];
    expect(report.split.test_queries).toBe(test_pairs);
    expect(report.test!.queries).toBe(test_pairs);
    // The verdict follows the numbers, and the adapter kept is the one the verdict speaks of.
    const adapter = await adapterRow(runId);
    expect(adapter).toMatchObject({ format: 2, form: report.adapter.form, checkpoint: null });
    expect(run.stop_reason).toBe(report.adapter.form === 'identity' ? 'no_improvement' : 'target_reached');
    expect(report.verdict).toBe(verdictOf(report.adapter.form !== 'identity', report.questions ?? report.test));
    // The demo corpus comes with its own hand-written questions: reported first, all of them.
    expect(report.questions!.queries).toBe(132);
    // The numbers are what the stored adapter does: measured again here, from the stored split.
    const stored = (await loadAdapter(db.sql, runId))!;
    const prepared = await prepareTraining(db.sql, { corpusId: run.corpus_id, runId, lineage: [runId], seed: runId, choice: builtinChoice, signal: new AbortController().signal, stage: async () => {} });
    expect(prepared.embedder.space.key).toBe(stored.space.key);
    const again = await compareRetrieval({
      corpus: prepared.snapshot.corpus,
      queries: prepared.test,
      queryVectors: await embedQueries(prepared.embedder, prepared.test.texts),
      adapter: stored.adapter,
      bm25: prepared.bm25,
      vectors: prepared.vectors,
    });
    expect({ base: again.base, adapted: again.adapted, bm25: again.bm25 }).toEqual({ base: report.test!.base, adapted: report.test!.adapted, bm25: report.test!.bm25 });
    expect((await events(runId)).slice(-2).map((e) => `${e.from_status}→${e.to_status}`)).toEqual(['generated→training', 'training→completed']);
  });

  it('refuses a viewer, a run in the wrong state, bad options and a run with nothing to train on', async () => {
    const runId = await generatedRun(5);
    await expect(trainRun(viewer, runId)).rejects.toMatchObject({ status: 403 });
    for (const options of [{ embedder: 'word2vec' }, { epochs: 0 }, { epochs: 51 }, { trainer: 'gpu' }, { surprise: true }]) {
      await expect(trainRun(admin, runId, options as never)).rejects.toMatchObject({ status: 422, code: 'validation_failed' });
    }
    await db.sql`update public.pairs set review_state = 'rejected' where run_id = ${runId}`;
    await expect(trainRun(admin, runId)).rejects.toMatchObject({ status: 422, code: 'nothing_to_train' });
    expect((await getRun(admin, runId)).status).toBe('generated');
    expect((await events(runId)).at(-1)!.to_status).toBe('generated');
    await db.sql`update public.pairs set review_state = 'approved' where run_id = ${runId}`;
    await trainRun(admin, runId, { epochs: 2 });
    await expect(trainRun(admin, runId)).rejects.toMatchObject({ status: 409, fields: { status: expect.stringMatching(/training|completed/) } });
    await waitFor(runId, 'completed');
    expect((await db.sql`select training_options from public.runs where id = ${runId}`)[0]).toEqual({ training_options: { embedder: 'builtin', trainer: 'local', epochs: 2 } });
  });

  it('cancels training without losing its checkpoint; proceed resumes from it', async () => {
    const team = await makeTeam(db.sql, 'Resume');
    const demo = await seedDemoCorpus(db.sql, team.workspace);
    const run = await startRun(team.admin, demo!.corpusId, { generator: 'offline', questions_per_chunk: 3 });
    const status = () => getRun(team.admin, run.id);
    await expect.poll(async () => (await status()).status, { timeout: 30_000, interval: 100 }).toBe('generated');
    await trainRun(team.admin, run.id, { epochs: 30 });
    await expect.poll(async () => (await status()).training?.steps_done ?? 0, { timeout: 60_000, interval: 50 }).toBeGreaterThan(0);
    const { run: cancelled } = await cancelRun(team.admin, run.id);
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelled_from: 'training' });
    // Checkpoint and progress are written together, and only while training: they agree after cancel.
    const kept = await adapterRow(run.id);
    expect(kept!.checkpoint).not.toBeNull();
    expect(kept!.steps_done).toBe((await status()).training!.steps_done);

    const { run: proceeded } = await proceedRun(team.admin, run.id);
    expect(proceeded.status).toBe('training');
    await expect.poll(async () => (await status()).status, { timeout: 120_000, interval: 200 }).toBe('completed');
    expect((await events(run.id)).some((e) => e.message === 'Training resumed from its checkpoint')).toBe(true);
    expect((await adapterRow(run.id))!.checkpoint).toBeNull();
  });

  it('keeps no adapter and says why when there are too few chunks to hold any out', async () => {
    const runId = await generatedRun(2);
    await trainRun(admin, runId);
    await waitFor(runId, 'completed');
    const run = await getRun(admin, runId);
    expect(run.metrics).toMatchObject({ version: 2, verdict: 'not_measured', adapter: { form: 'identity' } });
    expect(run.stop_reason).toBe('no_improvement');
  });

  it.each([
    ['generating', 'redelivered by pg-boss'],
    ['training', 'redelivered by pg-boss'],
    ['generating', 're-sent by the sweep'],
  ] as const)('fails a %s run as "worker lost" after the last recovery (%s); proceed finishes it', async (phase, how) => {
    const runId = await generatedRun(10);
    // The run has used up its recoveries, and its coordinator is lost once more.
    await db.sql`update public.runs set status = ${phase}, training_steps_done = ${phase === 'training' ? 0 : null}, recovery_attempts = ${ENGINE.maxRecoveries} where id = ${runId}`;
    const job = {
      id: 'lost-again',
      data: { runId, ...(how === 're-sent by the sweep' ? { recovered: true } : {}) },
      retryCount: how === 'redelivered by pg-boss' ? 1 : 0,
      signal: new AbortController().signal,
    } as unknown as Job<CoordinatorJob>;
    await coordinateRun({} as PgBoss, job);
    const failed = await getRun(admin, runId);
    expect(failed).toMatchObject({ status: `${phase}_failed`, stop_reason: 'worker_lost', error: { code: 'worker_lost', phase } });
    // Proceed starts the count afresh.
    await proceedRun(admin, runId);
    expect((await db.sql`select recovery_attempts from public.runs where id = ${runId}`)[0]).toEqual({ recovery_attempts: 0 });
    await waitFor(runId, phase === 'generating' ? 'generated' : 'completed');
  });
});
