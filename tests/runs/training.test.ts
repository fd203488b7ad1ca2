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
import { lineageOf } from '@/lib/runs/lineage';
import { createAdapter, fromBytes } from '@/lib/training/adapter';
import { loadDataset } from '@/lib/training/dataset';
import { evaluateRetrieval } from '@/lib/training/evaluate';
import { fnv1a } from '@/lib/training/random';
import { embedderFor } from '@/lib/training/select';
import { TRAINING } from '@/lib/training/settings';
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
    (await db.sql<{ steps_done: number; dim: number; weights: Buffer; optimizer: Buffer | null }[]>`
      select steps_done, dim, weights, optimizer from public.adapters where run_id = ${runId}`)[0];

  it('trains a lineage so small that every pair would be held out, and says nothing was measured', async () => {
    const runId = await generatedRun(1);
    // Keep one pair, and one that the held-out rule picks (every TRAINING.evalEvery-th by hash of its id).
    const pairs = await db.sql<{ id: string }[]>`select id::text from public.pairs where run_id = ${runId}`;
    const heldOut = pairs.find((p) => fnv1a(p.id) % TRAINING.evalEvery === 0);
    const keep = heldOut ?? (await db.sql<{ id: string }[]>`
      insert into public.pairs (run_id, chunk_id, workspace_id, ordinal, question)
      select run_id, chunk_id, workspace_id, o, 'How does proceed resume ' || o || '?'
      from public.run_chunks, generate_series(10, 60) o where run_id = ${runId}
      returning id::text`).find((p) => fnv1a(p.id) % TRAINING.evalEvery === 0)!;
    // Counters stay equal to the rows: the inserts above are counted before the delete moves them.
    await db.sql`update public.runs set pair_count = (select count(*) from public.pairs where run_id = ${runId}) where id = ${runId}`;
    await db.sql`delete from public.pairs where run_id = ${runId} and id::text <> ${keep.id}`;
    expect((await getRun(admin, runId)).pair_count).toBe(1);
    await trainRun(admin, runId);
    await waitFor(runId, 'completed');
    expect((await getRun(admin, runId)).metrics).toMatchObject({ pairs: 1, train_pairs: 1, eval_queries: 0 });
  });

  it('trains a generated run to completed, with metrics and the final adapter', async () => {
    const runId = await generatedRun(40);
    const training = await trainRun(admin, runId);
    expect(training.status).toBe('training');
    await waitFor(runId, 'completed');
    const run = await getRun(admin, runId);
    expect(run.training).toEqual({ steps_done: run.metrics!.steps, steps_total: run.metrics!.steps });
    expect(run.metrics).toMatchObject({ embedder: 'offline-hash-256', pairs: 120, eval_queries: expect.any(Number) });
    expect(run.metrics!.train_pairs + run.metrics!.eval_queries).toBe(120);
    const adapter = await adapterRow(runId);
    expect(adapter).toMatchObject({ steps_done: run.metrics!.steps, dim: 256, optimizer: null });
    expect(adapter!.weights.byteLength).toBe(256 * 256 * 4);
    // The reported numbers are what the stored adapter does: measured again here from the
    // same held-out pairs, without the adapter (baseline) and with the stored weights.
    const embedder = embedderFor(run.config);
    const data = await loadDataset(db.sql, await lineageOf(db.sql, runId), embedder, new AbortController().signal);
    expect(data.eval.length).toBe(run.metrics!.eval_queries);
    expect(data.eval.length).toBeGreaterThan(0);
    const stored = { ...createAdapter(256), weights: fromBytes(adapter!.weights, 256 * 256), steps: adapter!.steps_done };
    expect(await evaluateRetrieval(data.eval, data.candidates)).toEqual(run.metrics!.baseline);
    expect(await evaluateRetrieval(data.eval, data.candidates, stored)).toEqual(run.metrics!.adapted);
    expect((await events(runId)).slice(-2).map((e) => `${e.from_status}→${e.to_status}`)).toEqual(['generated→training', 'training→completed']);
    // Completed runs are finished: the corpus is free again.
    expect(run.stop_reason).toBe('target_reached');
  });

  it('refuses a viewer, a run in the wrong state and a run with nothing to train on', async () => {
    const runId = await generatedRun(5);
    await expect(trainRun(viewer, runId)).rejects.toMatchObject({ status: 403 });
    await db.sql`update public.pairs set review_state = 'rejected' where run_id = ${runId}`;
    await expect(trainRun(admin, runId)).rejects.toMatchObject({ status: 422, code: 'nothing_to_train' });
    expect((await getRun(admin, runId)).status).toBe('generated');
    expect((await events(runId)).at(-1)!.to_status).toBe('generated');
    await db.sql`update public.pairs set review_state = 'approved' where run_id = ${runId}`;
    await trainRun(admin, runId);
    await expect(trainRun(admin, runId)).rejects.toMatchObject({ status: 409, fields: { status: expect.stringMatching(/training|completed/) } });
    await waitFor(runId, 'completed');
  });

  it('cancels training without losing its checkpoint; proceed resumes from it', async () => {
    const runId = await generatedRun(600);
    await trainRun(admin, runId);
    await expect.poll(async () => (await getRun(admin, runId)).training?.steps_done ?? 0, { timeout: 30_000, interval: 50 }).toBeGreaterThan(0);
    const { run: cancelled } = await cancelRun(admin, runId);
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelled_from: 'training' });
    // Checkpoint and progress are written together, and only while training: they agree after cancel.
    const kept = await adapterRow(runId);
    expect(kept!.steps_done).toBe((await getRun(admin, runId)).training!.steps_done);
    expect(kept!.optimizer).not.toBeNull();

    const { run: proceeded } = await proceedRun(admin, runId);
    expect(proceeded.status).toBe('training');
    await waitFor(runId, 'completed');
    const resumed = (await events(runId)).find((e) => e.message?.startsWith('Training resumed from its checkpoint at step'));
    expect(Number(resumed?.message?.match(/step (\d+)/)?.[1])).toBeGreaterThanOrEqual(kept!.steps_done);
    expect((await adapterRow(runId))!.steps_done).toBe((await getRun(admin, runId)).metrics!.steps);
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
