import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '@/lib/auth/claims';
import { closePool } from '@/lib/db/pool-holder';
import { stopBoss } from '@/lib/runs/engine/boss-holder';
import { startWorker } from '@/lib/runs/engine/worker';
import { cancelRun } from '@/lib/runs/lifecycle/cancel-run';
import { proceedRun } from '@/lib/runs/lifecycle/proceed-run';
import { retryFailedChunks } from '@/lib/runs/lifecycle/retry-failed';
import { startRun } from '@/lib/runs/lifecycle/start-run';
import { getRun } from '@/lib/runs/queries';
import type { RunStatus } from '@/lib/runs/status';
import { seedCorpus } from '../support/corpus';
import { createTestDatabase, useAppDatabase } from '../support/db';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai';
import { makeUser, makeWorkspace } from '../support/users';

/**
 * The engine end to end in one process: pg-boss on the test database, the in-process
 * worker, the offline generator and a fake OpenAI-compatible server on loopback.
 */
describe('generation engine', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let fake: FakeOpenAI;
  let admin: SessionUser;
  let workspace: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    await useAppDatabase(db.url);
    fake = await startFakeOpenAI();
    process.env.OPENAI_BASE_URL = fake.url;
    process.env.OPENAI_API_KEY = 'sk-test-engine';
    admin = await makeUser(db.sql, 'engine');
    workspace = await makeWorkspace(db.sql, 'Engine', [[admin, 'admin']]);
    await startWorker({ coordinators: 2, batches: 4 });
  });
  afterAll(async () => {
    await stopBoss();
    await closePool();
    await fake.close();
    await db.drop();
  });

  const waitFor = (runId: string, status: RunStatus, timeout = 30_000) =>
    expect.poll(async () => (await getRun(admin, runId)).status, { timeout, interval: 100 }).toBe(status);

  /** Invariants 1 and 3: pairs written once per (chunk, ordinal); counters equal the rows. */
  async function expectInvariants(runId: string) {
    const [row] = await db.sql`
      select r.total_chunks, r.processed_chunks, r.failed_chunks, r.pair_count,
        (select count(*)::int from public.run_chunks where run_id = r.id) as rows_total,
        (select count(*)::int from public.run_chunks where run_id = r.id and state = 'done') as rows_done,
        (select count(*)::int from public.run_chunks where run_id = r.id and state = 'failed') as rows_failed,
        (select count(*)::int from public.pairs where run_id = r.id) as rows_pairs,
        (select count(*)::int from (select 1 from public.pairs where run_id = r.id group by chunk_id, ordinal having count(*) > 1) d) as duplicates,
        (select count(*)::int from public.pairs p join public.run_chunks rc using (run_id, chunk_id) where p.run_id = r.id and rc.state <> 'done') as orphan_pairs
      from public.runs r where r.id = ${runId}`;
    expect(row).toMatchObject({
      total_chunks: row!.rows_total,
      processed_chunks: row!.rows_done,
      failed_chunks: row!.rows_failed,
      pair_count: row!.rows_pairs,
      duplicates: 0,
      orphan_pairs: 0,
    });
    return row!;
  }

  it('generates every chunk of a run with the offline generator', async () => {
    const { corpusId } = await seedCorpus(db.sql, workspace, { chunks: 650, documents: 3 });
    const run = await startRun(admin, corpusId, { generator: 'offline', questions_per_chunk: 3 });
    await waitFor(run.id, 'generated');
    const row = await expectInvariants(run.id);
    expect(row).toMatchObject({ rows_total: 650, rows_done: 650, rows_pairs: 1950 });
    const done = await getRun(admin, run.id);
    expect(done).toMatchObject({ stop_reason: 'target_reached', error: null, phase_started_at: null });
    // Working time: from the worker taking the run to the last chunk, no more.
    expect(done.active_ms).toBeGreaterThan(0);
    expect(done.active_ms).toBeLessThanOrEqual(done.finished_at!.getTime() - done.started_at!.getTime() + 1);
    expect(done.started_at).not.toBeNull();
    expect(done.finished_at).not.toBeNull();
    const events = await db.sql`select from_status, to_status, actor from public.run_events where run_id = ${run.id} order by id`;
    expect(events.map((e) => `${e.from_status ?? '∅'}→${e.to_status}`)).toEqual(['∅→queued', 'queued→generating', 'generating→generated']);
    expect(events[1]!.actor).toBe('worker');
  });

  it('cancels mid-run keeping finished chunks, then proceeds to exact final counts', async () => {
    fake.setBehaviour({ delayMs: 40 });
    const { corpusId } = await seedCorpus(db.sql, workspace, { chunks: 300 });
    const run = await startRun(admin, corpusId, { generator: 'openai', questions_per_chunk: 2, concurrency: 8 });
    await expect.poll(async () => (await getRun(admin, run.id)).processed_chunks, { timeout: 20_000, interval: 50 }).toBeGreaterThan(20);
    await cancelRun(admin, run.id);
    const atReturn = await expectInvariants(run.id);
    // Once cancel has returned the run takes no more writes; in-flight calls are aborted.
    await expect
      .poll(async () => {
        const [row] = await db.sql`select count(*)::int as n from pgboss.job
                                   where name = 'recall-batch' and state = 'active' and data->>'runId' = ${run.id}`;
        return row!.n + fake.requests.filter((r) => r.outcome === 'pending').length;
      }, { timeout: 5_000, interval: 50 })
      .toBe(0);
    const afterCancel = await expectInvariants(run.id);
    expect(afterCancel.rows_done).toBe(atReturn.rows_done);
    expect(afterCancel.rows_done).toBeLessThan(300);
    expect((await getRun(admin, run.id)).status).toBe('cancelled');
    const requestsAtCancel = fake.requests.length;

    fake.setBehaviour({ delayMs: 0 });
    const { run: resumed } = await proceedRun(admin, run.id);
    expect(resumed.processed_chunks).toBe(afterCancel.rows_done);
    await waitFor(run.id, 'generated');
    const final = await expectInvariants(run.id);
    expect(final).toMatchObject({ rows_done: 300, rows_pairs: 600 });
    // Paid once per chunk: only the chunks not done at cancel were asked for again (aborted calls aside).
    expect(fake.requests.length - requestsAtCancel).toBe(300 - afterCancel.rows_done);
  });

  it('opens the circuit breaker when the provider keeps failing, and proceeds when it is back', async () => {
    // The provider rejects every call (say, a revoked key): no retry helps.
    fake.setBehaviour({ reply: { status: 401, message: 'Incorrect API key provided' } });
    const { corpusId } = await seedCorpus(db.sql, workspace, { chunks: 60 });
    const run = await startRun(admin, corpusId, { generator: 'openai', concurrency: 4 });
    await waitFor(run.id, 'generating_failed');
    const failed = await getRun(admin, run.id);
    expect(failed).toMatchObject({ stop_reason: 'provider_failing', error: { phase: 'generating', code: expect.any(String) } });
    expect(failed.error?.message).not.toContain('sk-test-engine');
    await expectInvariants(run.id);

    fake.setBehaviour({});
    await proceedRun(admin, run.id);
    await waitFor(run.id, 'generated');
    expect(await expectInvariants(run.id)).toMatchObject({ rows_done: 60, rows_failed: 0 });
  });

  it('fails chunks whose output cannot be used, keeps the raw text, and retries only them', async () => {
    fake.setBehaviour({ reply: (request) => (request.passage.includes('part 1.') ? 'this is not json' : JSON.stringify({ questions: ['What is a run?', 'How does cancel work?'] })) });
    const { corpusId } = await seedCorpus(db.sql, workspace, { chunks: 12 });
    const run = await startRun(admin, corpusId, { generator: 'openai', questions_per_chunk: 2, concurrency: 2 });
    await waitFor(run.id, 'generated');
    const row = await expectInvariants(run.id);
    expect(row.rows_failed).toBeGreaterThan(0);
    const [failedChunk] = await db.sql`select attempts, last_error, raw_output from public.run_chunks where run_id = ${run.id} and state = 'failed' limit 1`;
    expect(failedChunk).toMatchObject({ attempts: 3, raw_output: expect.stringContaining('this is not json') });

    fake.setBehaviour({});
    const { retried } = await retryFailedChunks(admin, run.id);
    expect(retried).toBe(row.rows_failed);
    await waitFor(run.id, 'generated');
    expect(await expectInvariants(run.id)).toMatchObject({ rows_done: 12, rows_failed: 0, rows_pairs: 24 });
  });

  it('fails a chunk the provider always refuses on its own, after its attempts, and finishes the run', async () => {
    // Say, a passage too long for the model: a 400 for that chunk only, every time.
    fake.setBehaviour({ errorFor: { passage: 'part 3.', status: 400, message: "This model's maximum context length is 8192 tokens" } });
    fake.clearRequests();
    const { corpusId } = await seedCorpus(db.sql, workspace, { chunks: 20 });
    const run = await startRun(admin, corpusId, { generator: 'openai', questions_per_chunk: 2, concurrency: 4 });
    await waitFor(run.id, 'generated');
    expect(await expectInvariants(run.id)).toMatchObject({ rows_done: 19, rows_failed: 1, rows_pairs: 38 });
    const [failed] = await db.sql`
      select rc.attempts, rc.last_error from public.run_chunks rc join public.chunks c on c.id = rc.chunk_id
      where rc.run_id = ${run.id} and rc.state = 'failed'`;
    expect(failed).toMatchObject({ attempts: 3, last_error: expect.stringContaining('maximum context length') });
    // Asked exactly its three attempts, not once more.
    expect(fake.requests.filter((r) => r.passage.includes('part 3.'))).toHaveLength(3);
  });

  it('fails a chunk the offline generator cannot ask about at once: the same chunk always gets the same refusal', async () => {
    const { corpusId, documentIds } = await seedCorpus(db.sql, workspace, { chunks: 4 });
    // A passage with no words (written straight to the table: the splitter no longer makes them).
    const [empty] = await db.sql<{ id: string }[]>`
      insert into public.chunks (workspace_id, corpus_id, document_id, ordinal, content, content_hash, token_count)
      values (${workspace}, ${corpusId}, ${documentIds[0]!}, 99, '--- ***', md5('--- ***'), 2) returning id`;
    const run = await startRun(admin, corpusId, { generator: 'offline', questions_per_chunk: 2 });
    await waitFor(run.id, 'generated');
    expect(await expectInvariants(run.id)).toMatchObject({ rows_done: 4, rows_failed: 1 });
    const [failed] = await db.sql`select attempts, state, last_error from public.run_chunks where run_id = ${run.id} and chunk_id = ${empty!.id}`;
    expect(failed).toEqual({ attempts: 1, state: 'failed', last_error: 'The chunk has no words to ask about.' });
  });

  it('never stores what a pair cannot hold, and a chunk with nothing storable fails instead of stalling its batch', async () => {
    const long = `Why ${'really '.repeat(400)}?`;
    fake.setBehaviour({
      reply: (request) =>
        JSON.stringify({
          questions: request.passage.includes('part 1.')
            ? [long, long.replace('Why', 'How')]
            : request.passage.includes('part 2.')
              ? ['What does\u0000 a cancel keep?', long, 'How does proceed resume?']
              : ['What is a run?', 'How does cancel work?'],
        }),
    });
    const { corpusId } = await seedCorpus(db.sql, workspace, { chunks: 10 });
    const run = await startRun(admin, corpusId, { generator: 'openai', questions_per_chunk: 2, concurrency: 2 });
    await waitFor(run.id, 'generated');
    expect(await expectInvariants(run.id)).toMatchObject({ rows_done: 9, rows_failed: 1 });
    const questions = (await db.sql<{ question: string }[]>`select question from public.pairs where run_id = ${run.id}`).map((r) => r.question);
    expect(questions).toContain('What does a cancel keep?');
    expect(questions.every((q) => q.length <= 500 && !q.includes('\u0000'))).toBe(true);
    const [failed] = await db.sql`select attempts, raw_output from public.run_chunks where run_id = ${run.id} and state = 'failed'`;
    expect(failed).toMatchObject({ attempts: 3, raw_output: expect.stringContaining('really') });
  });

  it('stops with "corpus changed" when a document is deleted mid-run; proceed finishes without it', async () => {
    fake.setBehaviour({ delayMs: 60 });
    const { corpusId, documentIds } = await seedCorpus(db.sql, workspace, { chunks: 40, documents: 2 });
    const run = await startRun(admin, corpusId, { generator: 'openai', questions_per_chunk: 2, concurrency: 2 });
    await expect.poll(async () => (await getRun(admin, run.id)).processed_chunks, { timeout: 30_000, interval: 20 }).toBeGreaterThanOrEqual(4);
    await db.sql`delete from public.documents where id = ${documentIds[1]!}`;
    await waitFor(run.id, 'generating_failed');
    const stopped = await getRun(admin, run.id);
    expect(stopped).toMatchObject({ stop_reason: 'corpus_changed', total_chunks: 20, error: { code: 'corpus_changed', phase: 'generating' } });
    await expectInvariants(run.id);

    fake.setBehaviour({});
    const { drift } = await proceedRun(admin, run.id);
    expect(drift).toEqual({ deleted_chunks: 20, added_chunks: 0 });
    await waitFor(run.id, 'generated');
    expect(await expectInvariants(run.id)).toMatchObject({ rows_total: 20, rows_done: 20, rows_pairs: 40 });
    const messages = (await db.sql<{ message: string }[]>`select message from public.run_events where run_id = ${run.id} order by id`).map((e) => e.message);
    expect(messages).toContain('20 chunks deleted from the corpus during the run');
    expect(messages).toContain('The corpus changed: 20 deleted chunks are skipped');
  });
});
