import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SessionUser } from '@/lib/auth/claims';
import { seedDemoCorpus } from '@/lib/boot/demo-corpus';
import { closePool } from '@/lib/db/pool-holder';
import { stopBoss } from '@/lib/runs/engine/boss-holder';
import { startWorker } from '@/lib/runs/engine/worker';
import { cancelRun } from '@/lib/runs/lifecycle/cancel-run';
import { proceedRun } from '@/lib/runs/lifecycle/proceed-run';
import { startRun } from '@/lib/runs/lifecycle/start-run';
import { trainRun } from '@/lib/runs/lifecycle/train-run';
import { getRun } from '@/lib/runs/queries';
import type { RunStatus } from '@/lib/runs/status';
import type { TrainingReport } from '@/lib/training/report';
import { createTestDatabase, useAppDatabase } from '../support/db';
import { startFakeTrainer, type FakeTrainerMode } from '../support/fake-trainer';
import { makeTeam } from '../support/users';

/**
 * Training on an external trainer (a real HTTP fake) that queues, progresses, succeeds, fails,
 * hangs, forgets jobs and answers garbage: every path ends completed or training_failed with a
 * clear error, and proceed polls the same job again rather than submitting another.
 */
describe('the external trainer', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let trainer: Awaited<ReturnType<typeof startFakeTrainer>>;
  let admin: SessionUser;
  let corpusId: string;

  beforeAll(async () => {
    trainer = await startFakeTrainer({ token: 'trainer-token', polls: 3 });
    process.env.RECALL_TRAINER_URL = trainer.url;
    process.env.RECALL_TRAINER_TOKEN = 'trainer-token';
    process.env.RECALL_TRAINER_POLL_MS = '20';
    process.env.RECALL_TRAINER_DEADLINE_S = '3';
    db = await createTestDatabase();
    await useAppDatabase(db.url);
    let workspace: string;
    ({ admin, workspace } = await makeTeam(db.sql, 'Remote'));
    corpusId = (await seedDemoCorpus(db.sql, workspace))!.corpusId;
    await startWorker({ coordinators: 2, batches: 2 });
  });
  afterAll(async () => {
    await stopBoss();
    await closePool();
    await trainer.close();
    await db.drop();
  });
  beforeEach(() => {
    trainer.setMode('succeed');
    trainer.setEmbedders(['*']);
  });

  const status = async (runId: string) => (await getRun(admin, runId)).status;
  const waitFor = (runId: string, wanted: RunStatus) => expect.poll(() => status(runId), { timeout: 60_000, interval: 100 }).toBe(wanted);
  /** A generated run of the demo corpus (each test removes its run afterwards: one unfinished run per corpus). */
  const generated = async () => {
    const run = await startRun(admin, corpusId, { generator: 'offline', questions_per_chunk: 1 });
    await waitFor(run.id, 'generated');
    return run.id;
  };
  const remoteRun = async (mode: FakeTrainerMode) => {
    const runId = await generated();
    trainer.setMode(mode);
    const before = trainer.submissions.length;
    await trainRun(admin, runId, { trainer: 'remote' });
    return { runId, submitted: () => trainer.submissions.length - before };
  };
  const finish = async (runId: string) => {
    if (['generated', 'generating_failed', 'training_failed', 'cancelled'].includes(await status(runId))) {
      await db.sql`update public.runs set status = 'completed', stop_reason = 'target_reached', error_phase = null where id = ${runId}`;
    }
  };

  it('submits once, polls to the end, and keeps the adapter only if it beats none on validation', async () => {
    const { runId, submitted } = await remoteRun('succeed');
    await waitFor(runId, 'completed');
    expect(submitted()).toBe(1);
    const submission = trainer.submissions.at(-1)!;
    expect(submission.idempotencyKey).toContain(runId);
    expect(submission.body).toMatchObject({ space: { provider: 'builtin', dim: 16_384 }, epochs: 6, passages: expect.any(Array), train: expect.any(Array) });
    const report = (await getRun(admin, runId)).metrics as TrainingReport;
    expect(report).toMatchObject({ version: 2, trainer: 'remote', validation: { candidates: [{ form: 'diagonal', steps: 30 }] } });
    expect(report.adapter.form === 'identity').toBe(report.validation.best <= report.validation.identity);
    expect((await db.sql`select training_remote_job from public.runs where id = ${runId}`)[0]).toEqual({ training_remote_job: null });
  });

  it.each([
    ['fail', 'trainer_failed', /out of GPU memory/],
    ['hang', 'trainer_timeout', /did not finish within 3 s/],
    ['garbage-status', 'trainer_garbage', /not JSON/],
    ['garbage-result', 'trainer_garbage', /not what the protocol says/],
    ['wrong-dimensions', 'trainer_garbage', /16385 dimensions; the space has 16384/],
  ] as const)('a trainer that does "%s" fails the training with %s and a clear message', async (mode, code, message) => {
    const { runId } = await remoteRun(mode);
    await waitFor(runId, 'training_failed');
    expect((await getRun(admin, runId)).error).toMatchObject({ code, phase: 'training', message: expect.stringMatching(message) });
    await finish(runId);
  });

  it('submits again once when the trainer forgot the job', async () => {
    const { runId, submitted } = await remoteRun('forget');
    await waitFor(runId, 'completed');
    expect(submitted()).toBe(2);
  });

  it('after the trainer was unreachable, proceed polls the same job again instead of submitting another', async () => {
    trainer.setMode('hang');
    const runId = await generated();
    await trainRun(admin, runId, { trainer: 'remote' });
    await expect.poll(async () => (await db.sql`select training_remote_job from public.runs where id = ${runId}`)[0]!.training_remote_job, { timeout: 30_000 }).not.toBeNull();
    const submittedBefore = trainer.submissions.length;
    await trainer.stop();
    await waitFor(runId, 'training_failed');
    expect((await getRun(admin, runId)).error).toMatchObject({ code: 'trainer_unreachable' });
    await trainer.start();
    const [{ training_remote_job: job }] = (await db.sql`select training_remote_job from public.runs where id = ${runId}`) as unknown as [{ training_remote_job: string }];
    trainer.jobs.get(job)!.mode = 'succeed';
    await proceedRun(admin, runId);
    await waitFor(runId, 'completed');
    expect(trainer.submissions.length).toBe(submittedBefore);
  });

  it('cancel cancels the remote job too; proceed then submits afresh', async () => {
    trainer.setMode('hang');
    const runId = await generated();
    await trainRun(admin, runId, { trainer: 'remote' });
    await expect.poll(async () => (await db.sql`select training_remote_job from public.runs where id = ${runId}`)[0]!.training_remote_job, { timeout: 30_000 }).not.toBeNull();
    const [{ training_remote_job: job }] = (await db.sql`select training_remote_job from public.runs where id = ${runId}`) as unknown as [{ training_remote_job: string }];
    await cancelRun(admin, runId);
    expect(trainer.jobs.get(job)!.cancelled).toBe(true);
    expect(trainer.requests).toContain(`DELETE /v1/jobs/${job}`);
    trainer.setMode('succeed');
    const before = trainer.submissions.length;
    await proceedRun(admin, runId);
    await waitFor(runId, 'completed');
    expect(trainer.submissions.length).toBe(before + 1);
  });

  it('is refused (409 trainer_unavailable, saying why) when it does not train in the space, and nothing changes', async () => {
    trainer.setEmbedders(['openai:text-embedding-3-small']);
    const runId = await generated();
    const attempt = trainRun(admin, runId, { trainer: 'remote' });
    await expect(attempt).rejects.toMatchObject({ status: 409, code: 'trainer_unavailable', message: expect.stringContaining("does not train in the built-in embedder's space") });
    expect(await status(runId)).toBe('generated');
    await finish(runId);
  });
});
