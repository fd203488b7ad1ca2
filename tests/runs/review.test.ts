import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '@/lib/auth/claims';
import { closePool } from '@/lib/db/pool-holder';
import { withRls } from '@/lib/db/rls';
import { stopBoss } from '@/lib/runs/engine/boss-holder';
import { getRunDetail } from '@/lib/runs/detail';
import { editPair, reviewPairs } from '@/lib/review/decide';
import { listPairs } from '@/lib/review/list';
import { getWorkerHealth } from '@/lib/runs/worker-health';
import { seedCorpus } from '../support/corpus';
import { createTestDatabase, useAppDatabase } from '../support/db';
import { makeTeam } from '../support/users';

/** Pair review, the run page's data, worker health and the run_overview view, under RLS. */
describe('review and run page data', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let admin: SessionUser;
  let viewer: SessionUser;
  let outsider: SessionUser;
  let runId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    await useAppDatabase(db.url);
    const team = await makeTeam(db.sql, 'Review');
    ({ admin, viewer, outsider } = team);
    const { corpusId } = await seedCorpus(db.sql, team.workspace, { chunks: 4 });
    // A generated run with 2 pairs per chunk and one failed chunk, written directly.
    const [run] = await db.sql<{ id: string }[]>`
      insert into public.runs (workspace_id, corpus_id, status, total_chunks, processed_chunks, failed_chunks, pair_count, started_at, finished_at, active_ms)
      values (${team.workspace}, ${corpusId}, 'generated', 4, 3, 1, 6, now() - interval '10 minutes', now(), 60000) returning id`;
    runId = run!.id;
    await db.sql`
      insert into public.run_chunks (run_id, chunk_id, workspace_id, state, attempts, last_error)
      select ${runId}, id, workspace_id, case when ordinal = 3 then 'failed' else 'done' end, case when ordinal = 3 then 3 else 1 end,
             case when ordinal = 3 then 'Unparseable output' end
      from public.chunks where corpus_id = ${corpusId}`;
    await db.sql`
      insert into public.pairs (run_id, chunk_id, workspace_id, ordinal, question)
      select ${runId}, c.id, c.workspace_id, o, 'Question ' || c.ordinal || '.' || o || '?'
      from public.chunks c cross join generate_series(0, 1) o where c.corpus_id = ${corpusId} and c.ordinal < 3`;
    await db.sql`insert into public.run_events (run_id, workspace_id, actor, from_status, to_status) values (${runId}, ${team.workspace}, 'worker', 'generating', 'generated')`;
  });
  afterAll(async () => {
    await stopBoss();
    await closePool();
    await db.drop();
  });

  const states = async () =>
    (await db.sql<{ review_state: string; n: number }[]>`select review_state, count(*)::int as n from public.pairs where run_id = ${runId} group by 1 order by 1`).map((r) => `${r.review_state}:${r.n}`);

  /** The run's review entries (notes that change no status), oldest first. */
  const timeline = async () =>
    (await db.sql<{ line: string }[]>`
      select actor || ': ' || message as line from public.run_events
      where run_id = ${runId} and message is not null and from_status = to_status order by id`).map((r) => r.line);

  it('approves and rejects chosen pairs, then all pending ones in bulk', async () => {
    const { pairs, next_cursor } = await listPairs(admin, runId, { filter: {}, sort: 'id' });
    expect(pairs).toHaveLength(6);
    expect(next_cursor).toBeNull();
    expect(pairs[0]).toMatchObject({ review_state: 'pending', excerpt: expect.stringContaining('part'), document_title: expect.stringMatching(/^Doc /) });
    await reviewPairs(admin, runId, { pairIds: [pairs[0]!.id] }, 'approved');
    await reviewPairs(admin, runId, { pairIds: [pairs[1]!.id] }, 'rejected');
    expect(await states()).toEqual(['approved:1', 'pending:4', 'rejected:1']);
    expect((await listPairs(admin, runId, { filter: { state: 'rejected' }, sort: 'id' })).pairs.map((p) => p.id)).toEqual([pairs[1]!.id]);
    const page = await listPairs(admin, runId, { filter: {}, sort: 'id', limit: 4 });
    expect(page.next_cursor).not.toBeNull();
    const rest = await listPairs(admin, runId, { filter: {}, sort: 'id', cursor: page.next_cursor, limit: 4 });
    expect(rest.pairs.map((p) => p.id)).toEqual(pairs.slice(4).map((p) => p.id));
    expect(await reviewPairs(admin, runId, { allPending: true }, 'approved')).toEqual({ updated: 4 });
    expect(await states()).toEqual(['approved:5', 'rejected:1']);
    // Deciding again what is already decided changes nothing and records nothing.
    expect(await reviewPairs(admin, runId, { pairIds: [pairs[0]!.id] }, 'approved')).toEqual({ updated: 0 });
    expect(await timeline()).toEqual([
      `${admin.email}: Approved 1 pair (#${pairs[0]!.id})`,
      `${admin.email}: Rejected 1 pair (#${pairs[1]!.id})`,
      `${admin.email}: Approved all 4 pairs that were pending`,
    ]);
  });

  it('edits a question (which approves it) and refuses a bad one, changing nothing', async () => {
    const [pair] = (await listPairs(admin, runId, { filter: { state: 'rejected' }, sort: 'id' })).pairs;
    await expect(editPair(admin, runId, pair!.id, '  ')).rejects.toThrow(/at least 3 characters/);
    expect(await editPair(admin, runId, pair!.id, '  What does the handbook say about cancel?  ')).toEqual({ id: pair!.id, question: 'What does the handbook say about cancel?', review_state: 'approved' });
    expect((await timeline()).at(-1)).toBe(`${admin.email}: Edited pair #${pair!.id} (approved): “What does the handbook say about cancel?”`);
  });

  it('refuses viewers and outsiders, and review while training', async () => {
    const before = await states();
    await expect(reviewPairs(viewer, runId, { allPending: true }, 'rejected')).rejects.toMatchObject({ status: 403 });
    await expect(reviewPairs(outsider, runId, { allPending: true }, 'rejected')).rejects.toMatchObject({ status: 404 });
    await expect(listPairs(outsider, runId, { filter: {}, sort: 'id' })).rejects.toMatchObject({ status: 404 });
    await db.sql`update public.runs set status = 'training' where id = ${runId}`;
    await expect(reviewPairs(admin, runId, { pairIds: [1] }, 'rejected')).rejects.toMatchObject({ status: 409, code: 'invalid_state' });
    await db.sql`update public.runs set status = 'generated' where id = ${runId}`;
    expect(await states()).toEqual(before);
  });

  it('gathers the run page: events, lineage, failed chunks and review counts', async () => {
    const detail = await getRunDetail(viewer, runId);
    expect(detail.run).toMatchObject({ id: runId, status: 'generated', failed_chunks: 1 });
    expect(detail.events.map((e) => `${e.from_status}→${e.to_status}`)).toEqual([...Array(4).fill('generated→generated'), 'generating→generated']); // newest first
    expect(detail.ancestors.map((r) => r.id)).toEqual([runId]);
    expect(detail.children).toEqual([]);
    expect(detail.failedChunks).toEqual([expect.objectContaining({ attempts: 3, last_error: 'Unparseable output' })]);
    expect(detail.review).toEqual({ pending: 0, approved: 6, rejected: 0 });
    await expect(getRunDetail(outsider, runId)).rejects.toMatchObject({ status: 404 });
  });

  it('shows run_overview to members only, with progress and working time (not the wait for review)', async () => {
    const read = (user: SessionUser) =>
      withRls(user.claims, (tx) => tx<{ progress_percent: string; duration: string | null }[]>`select progress_percent::text, duration::text from public.run_overview where id = ${runId}`);
    expect(await read(viewer)).toEqual([{ progress_percent: '100.0', duration: '00:01:00' }]);
    expect(await read(outsider)).toEqual([]);
  });

  it('reports worker health from the workers’ heartbeats', async () => {
    expect(await getWorkerHealth(viewer)).toEqual({ alive: 0, last_seen_at: null });
    await db.sql`insert into private.workers (id, host, pid) values ('w1', 'host', 1), ('w2', 'host', 2)`;
    await db.sql`insert into private.workers (id, host, pid, seen_at) values ('old', 'host', 3, now() - interval '1 hour')`;
    expect(await getWorkerHealth(outsider)).toMatchObject({ alive: 2, last_seen_at: expect.any(Date) });
    // Members cannot read or write the table itself.
    await expect(withRls(viewer.claims, (tx) => tx`select * from private.workers`)).rejects.toThrow(/permission denied/);
  });
});
