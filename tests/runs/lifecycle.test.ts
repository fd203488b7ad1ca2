import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '@/lib/auth/claims';
import { closePool } from '@/lib/db/pool-holder';
import { stopBoss } from '@/lib/runs/engine/boss-holder';
import { cancelRun } from '@/lib/runs/lifecycle/cancel-run';
import { continueRun } from '@/lib/runs/lifecycle/continue-run';
import { proceedRun } from '@/lib/runs/lifecycle/proceed-run';
import { removeRun } from '@/lib/runs/lifecycle/remove-run';
import { retryFailedChunks } from '@/lib/runs/lifecycle/retry-failed';
import { startRun } from '@/lib/runs/lifecycle/start-run';
import { getRun } from '@/lib/runs/queries';
import { releaseBatch } from '@/lib/runs/engine/batches';
import { claimRun } from '@/lib/runs/engine/coordinator';
import { addSeededDocument, seedCorpus } from '../support/corpus';
import { createTestDatabase, useAppDatabase } from '../support/db';
import { makeTeam, makeUser, makeWorkspace } from '../support/users';

/**
 * The lifecycle actions as compare-and-set transitions, with no worker running: runs stay
 * where the actions put them, so every outcome is exact.
 */
describe('run lifecycle', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let admin: SessionUser;
  let viewer: SessionUser;
  let outsider: SessionUser;
  let workspace: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    await useAppDatabase(db.url);
    ({ admin, viewer, outsider, workspace } = await makeTeam(db.sql, 'Lifecycle'));
  });
  afterAll(async () => {
    await stopBoss();
    await closePool();
    await db.drop();
  });

  const events = async (runId: string) =>
    (await db.sql<{ from_status: string | null; to_status: string; actor: string }[]>`
      select from_status, to_status, actor from public.run_events where run_id = ${runId} order by id`).map((e) => `${e.from_status ?? '∅'}→${e.to_status}`);

  const counts = async (runId: string) => {
    const [row] = await db.sql`
      select r.total_chunks, r.processed_chunks, r.failed_chunks, r.pair_count,
             (select count(*)::int from public.run_chunks where run_id = r.id) as rows_total,
             (select count(*)::int from public.run_chunks where run_id = r.id and state = 'done') as rows_done,
             (select count(*)::int from public.run_chunks where run_id = r.id and state = 'failed') as rows_failed,
             (select count(*)::int from public.pairs where run_id = r.id) as rows_pairs
      from public.runs r where r.id = ${runId}`;
    return row!;
  };
  const expectCountersMatchRows = async (runId: string) => {
    const c = await counts(runId);
    expect([c.total_chunks, c.processed_chunks, c.failed_chunks, c.pair_count]).toEqual([c.rows_total, c.rows_done, c.rows_failed, c.rows_pairs]);
  };

  /** A generated run whose chunks are all done, and `added` chunks added to its corpus since. */
  const doneParent = async (chunks: number, added: number) => {
    const { corpusId } = await seedCorpus(db.sql, workspace, { chunks });
    const parent = await startRun(admin, corpusId, { generator: 'offline' });
    await db.sql`update public.run_chunks set state = 'done' where run_id = ${parent.id}`;
    await db.sql`update public.runs set status = 'generated', processed_chunks = ${chunks} where id = ${parent.id}`;
    await addSeededDocument(db.sql, workspace, corpusId, added);
    return { corpusId, parent };
  };

  it('starts a queued run over a snapshot of the corpus; a second start is blocked with 409', async () => {
    const { corpusId } = await seedCorpus(db.sql, workspace, { chunks: 25 });
    const run = await startRun(admin, corpusId, { generator: 'offline', questions_per_chunk: 2 });
    expect(run).toMatchObject({ status: 'queued', total_chunks: 25, processed_chunks: 0, config: { generator: 'offline', questions_per_chunk: 2, concurrency: 8 } });
    await expectCountersMatchRows(run.id);
    expect(await events(run.id)).toEqual(['∅→queued']);
    await expect(startRun(admin, corpusId)).rejects.toMatchObject({
      status: 409,
      code: 'run_blocked',
      fields: { blocking_run_id: run.id, blocking_run_status: 'queued' },
    });
  });

  it('lets exactly one of many simultaneous starts win', async () => {
    const { corpusId } = await seedCorpus(db.sql, workspace, { chunks: 5 });
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => startRun(admin, corpusId)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(new Set(rejected.map((r) => r.reason.code))).toEqual(new Set(['run_blocked']));
    expect(await db.sql`select 1 from public.runs where corpus_id = ${corpusId}`).toHaveLength(1);
  });

  it('refuses an empty corpus, a viewer and an outsider', async () => {
    const { corpusId: empty } = await seedCorpus(db.sql, workspace, { chunks: 0, documents: 0 });
    await expect(startRun(admin, empty)).rejects.toMatchObject({ code: 'nothing_to_do', status: 422 });
    const { corpusId } = await seedCorpus(db.sql, workspace, { chunks: 3 });
    await expect(startRun(viewer, corpusId)).rejects.toMatchObject({ code: 'forbidden', status: 403 });
    await expect(startRun(outsider, corpusId)).rejects.toMatchObject({ code: 'not_found', status: 404 });
    expect(await db.sql`select 1 from public.runs where corpus_id in (${empty}, ${corpusId})`).toHaveLength(0);
  });

  it('cancels idempotently, refuses to remove an active run, proceeds back to where it stopped', async () => {
    const { corpusId } = await seedCorpus(db.sql, workspace, { chunks: 4 });
    const run = await startRun(admin, corpusId);
    await expect(removeRun(admin, run.id)).rejects.toMatchObject({ status: 409, fields: { status: 'queued' } });
    await expect(cancelRun(viewer, run.id)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(cancelRun(outsider, run.id)).rejects.toMatchObject({ code: 'not_found' });

    expect(await cancelRun(admin, run.id)).toMatchObject({ alreadyCancelled: false, run: { status: 'cancelled', stop_reason: 'cancelled', cancelled_from: 'queued' } });
    expect(await cancelRun(admin, run.id)).toMatchObject({ alreadyCancelled: true, run: { status: 'cancelled' } });

    const proceeded = await proceedRun(admin, run.id);
    expect(proceeded.run).toMatchObject({ status: 'queued', stop_reason: null, cancelled_from: null, epoch: 1 });
    expect(await events(run.id)).toEqual(['∅→queued', 'queued→cancelled', 'cancelled→queued']);
    await expect(proceedRun(admin, run.id)).rejects.toMatchObject({ status: 409, fields: { status: 'queued' } });
  });

  it('lets exactly one of 50 simultaneous proceeds win', async () => {
    const { corpusId } = await seedCorpus(db.sql, workspace, { chunks: 4 });
    const run = await startRun(admin, corpusId);
    await db.sql`update public.runs set status = 'generating_failed', error_phase = 'generating', error_code = 'provider_failing',
                 error_message = 'boom', stop_reason = 'provider_failing' where id = ${run.id}`;
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => proceedRun(admin, run.id)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason.status === 409)).toBe(true);
    expect(await getRun(admin, run.id)).toMatchObject({ status: 'generating', error: null, stop_reason: null });
    expect((await events(run.id)).filter((e) => e === 'generating_failed→generating')).toHaveLength(1);
  });

  it('removes a failed run with its pairs and chunk states, answering how many pairs went', async () => {
    const { corpusId } = await seedCorpus(db.sql, workspace, { chunks: 3 });
    const run = await startRun(admin, corpusId);
    await db.sql`update public.run_chunks set state = 'done' where run_id = ${run.id}`;
    await db.sql`insert into public.pairs (run_id, chunk_id, workspace_id, ordinal, question)
                 select run_id, chunk_id, workspace_id, 0, 'What is a run?' from public.run_chunks where run_id = ${run.id}`;
    await db.sql`update public.runs set status = 'generating_failed', error_phase = 'generating', processed_chunks = 3, pair_count = 3 where id = ${run.id}`;
    await expect(removeRun(viewer, run.id)).rejects.toMatchObject({ code: 'forbidden' });
    expect(await removeRun(admin, run.id)).toEqual({ deleted_pairs: 3 });
    expect(await db.sql`select 1 from public.run_chunks where run_id = ${run.id}`).toHaveLength(0);
    expect(await db.sql`select 1 from public.pairs where run_id = ${run.id}`).toHaveLength(0);
    await expect(getRun(admin, run.id)).rejects.toMatchObject({ code: 'not_found' });
    // The corpus is free again.
    await expect(startRun(admin, corpusId)).resolves.toMatchObject({ status: 'queued' });
  });

  it('retries only the failed chunks of a generated run', async () => {
    const { corpusId } = await seedCorpus(db.sql, workspace, { chunks: 6 });
    const run = await startRun(admin, corpusId);
    await db.sql`update public.run_chunks set state = case when chunk_id in (select chunk_id from public.run_chunks where run_id = ${run.id} order by chunk_id limit 2) then 'failed' else 'done' end,
                 attempts = 3, last_error = 'unparseable' where run_id = ${run.id}`;
    await db.sql`update public.runs set status = 'generated', processed_chunks = 4, failed_chunks = 2 where id = ${run.id}`;
    const { run: retried, retried: n } = await retryFailedChunks(admin, run.id);
    expect(n).toBe(2);
    expect(retried).toMatchObject({ status: 'generating', failed_chunks: 0, processed_chunks: 4 });
    expect(await db.sql`select state, count(*)::int as n from public.run_chunks where run_id = ${run.id} group by state order by state`).toEqual([
      { state: 'done', n: 4 },
      { state: 'pending', n: 2 },
    ]);
    await expectCountersMatchRows(run.id);
  });

  it('continues a lineage over only the chunks it has not covered', async () => {
    const { corpusId } = await seedCorpus(db.sql, workspace, { chunks: 5 });
    const parent = await startRun(admin, corpusId);
    await db.sql`update public.run_chunks set state = 'done' where run_id = ${parent.id}`;
    await db.sql`update public.runs set status = 'completed', processed_chunks = 5 where id = ${parent.id}`;
    await expect(continueRun(admin, parent.id)).rejects.toMatchObject({ code: 'nothing_to_do' });
    await addSeededDocument(db.sql, workspace, corpusId, 3);
    const child = await continueRun(admin, parent.id);
    expect(child).toMatchObject({ parent_run_id: parent.id, status: 'queued', total_chunks: 3 });
    await expect(continueRun(admin, parent.id)).rejects.toMatchObject({ code: 'already_continued', fields: { child_run_id: child.id } });
    await expect(removeRun(admin, parent.id)).rejects.toMatchObject({ status: 409 });
  });

  it('continues with the parent\'s settings, overriding only what is given, and retries the lineage\'s failed chunks', async () => {
    const { corpusId } = await seedCorpus(db.sql, workspace, { chunks: 6 });
    const parent = await startRun(admin, corpusId, { generator: 'offline', questions_per_chunk: 5, concurrency: 3 });
    await db.sql`update public.run_chunks set state = case when chunk_id in (select chunk_id from public.run_chunks where run_id = ${parent.id} order by chunk_id limit 2) then 'failed' else 'done' end
                 where run_id = ${parent.id}`;
    await db.sql`update public.runs set status = 'generated', processed_chunks = 4, failed_chunks = 2 where id = ${parent.id}`;
    await addSeededDocument(db.sql, workspace, corpusId, 3);
    const child = await continueRun(admin, parent.id, { concurrency: 6 });
    // The 3 new chunks and the 2 the parent failed: nothing it finished.
    expect(child).toMatchObject({ total_chunks: 5, config: { generator: 'offline', questions_per_chunk: 5, concurrency: 6 } });
    expect(await events(parent.id)).toEqual(['∅→queued', 'generated→generated']);
    // The continuation took the failed chunks over: the parent no longer retries them.
    await expect(retryFailedChunks(admin, parent.id)).rejects.toMatchObject({ status: 409, code: 'already_continued' });
    await expectCountersMatchRows(parent.id);
  });

  it('hands the lineage back to the parent when its continuation is removed', async () => {
    const { corpusId, parent } = await doneParent(3, 2);
    const child = await continueRun(admin, parent.id);
    await cancelRun(admin, child.id);
    expect(await removeRun(admin, child.id)).toEqual({ deleted_pairs: 0 });
    expect(await getRun(admin, parent.id)).toMatchObject({ status: 'generated', continued_at: null });
    // The parent is the lineage head again: it blocks its corpus, and can be continued anew.
    await expect(startRun(admin, corpusId)).rejects.toMatchObject({ code: 'run_blocked', fields: { blocking_run_id: parent.id } });
    await expect(continueRun(admin, parent.id)).resolves.toMatchObject({ parent_run_id: parent.id, total_chunks: 2 });
  });

  it('refuses a continuation with a generator this server has no endpoint for', async () => {
    const { parent } = await doneParent(2, 1);
    await expect(continueRun(admin, parent.id, { generator: 'openai' })).rejects.toMatchObject({ code: 'validation_failed', status: 422 });
    expect(await getRun(admin, parent.id)).toMatchObject({ continued_at: null });
  });

  it('keeps counters equal to the rows when a document of a finished run is deleted', async () => {
    const { corpusId, documentIds } = await seedCorpus(db.sql, workspace, { chunks: 6, documents: 2 });
    const run = await startRun(admin, corpusId);
    await db.sql`update public.run_chunks set state = 'done' where run_id = ${run.id}`;
    await db.sql`insert into public.pairs (run_id, chunk_id, workspace_id, ordinal, question)
                 select run_id, chunk_id, workspace_id, 0, 'What is a run?' from public.run_chunks where run_id = ${run.id}`;
    await db.sql`update public.runs set status = 'generated', processed_chunks = 6, pair_count = 6 where id = ${run.id}`;
    await db.sql`delete from public.documents where id = ${documentIds[0]!}`;
    expect(await getRun(admin, run.id)).toMatchObject({ status: 'generated', total_chunks: 3, processed_chunks: 3, pair_count: 3 });
    await expectCountersMatchRows(run.id);
  });

  it('starts a queued run that lost chunks before any work as it is: its snapshot is just smaller', async () => {
    const { corpusId, documentIds } = await seedCorpus(db.sql, workspace, { chunks: 6, documents: 2 });
    const run = await startRun(admin, corpusId);
    const [before] = await db.sql`select corpus_fingerprint from public.runs where id = ${run.id}`;
    await db.sql`delete from public.documents where id = ${documentIds[1]!}`;
    expect((await db.sql`select chunks_removed from public.runs where id = ${run.id}`)[0]).toEqual({ chunks_removed: 3 });
    await claimRun(db.sql, run.id, false);
    const [claimed] = await db.sql`select status, chunks_removed, total_chunks, corpus_fingerprint from public.runs where id = ${run.id}`;
    expect(claimed).toMatchObject({ status: 'generating', chunks_removed: 0, total_chunks: 3 });
    expect(claimed!.corpus_fingerprint).not.toBe(before!.corpus_fingerprint);
    await expectCountersMatchRows(run.id);
  });

  it('releases a batch only in its own epoch: after a proceed, the number belongs to the new epoch', async () => {
    const { corpusId } = await seedCorpus(db.sql, workspace, { chunks: 4 });
    const run = await startRun(admin, corpusId);
    await db.sql`update public.runs set status = 'generating', epoch = 2 where id = ${run.id}`;
    const batchOf = async () => (await db.sql<{ batch_no: number }[]>`select distinct batch_no from public.run_chunks where run_id = ${run.id}`).map((r) => r.batch_no);
    expect(await batchOf()).toEqual([0]);
    await releaseBatch(db.sql, run.id, 1, 0); // a job of epoch 1 finishing late
    expect(await batchOf()).toEqual([0]);
    await releaseBatch(db.sql, run.id, 2, 0);
    expect(await batchOf()).toEqual([1]);
  });

  it('reports corpus drift on proceed and skips deleted chunks, recounting exactly', async () => {
    const { corpusId, documentIds } = await seedCorpus(db.sql, workspace, { chunks: 8, documents: 2 });
    const run = await startRun(admin, corpusId);
    await cancelRun(admin, run.id);
    await db.sql`delete from public.documents where id = ${documentIds[1]!}`;
    await addSeededDocument(db.sql, workspace, corpusId, 2);
    const { run: proceeded, drift } = await proceedRun(admin, run.id);
    expect(drift).toEqual({ deleted_chunks: 4, added_chunks: 2 });
    expect(proceeded.status).toBe('queued');
    expect(await getRun(admin, run.id)).toMatchObject({ total_chunks: 4 });
    await expectCountersMatchRows(run.id);
  });
});

describe('run events', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('are signed with the inserting user, whatever the insert claims', async () => {
    const admin = await makeUser(db.sql, 'signer');
    const workspace = await makeWorkspace(db.sql, 'Events', [[admin, 'admin']]);
    const { corpusId } = await seedCorpus(db.sql, workspace, { chunks: 1 });
    const [run] = await db.sql`insert into public.runs (workspace_id, corpus_id) values (${workspace}, ${corpusId}) returning id`;
    const [event] = await db.sql.begin(async (tx) => {
      await tx`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${JSON.stringify(admin.claims)}, true)`;
      return tx`insert into public.run_events (run_id, workspace_id, actor_id, actor, to_status, at)
                values (${run!.id}, ${workspace}, ${admin.id}, 'worker', 'queued', '2001-01-01') returning actor, at`;
    });
    expect(event!.actor).toBe(admin.email);
    expect(event!.at.getFullYear()).toBeGreaterThan(2001);
  });
});
