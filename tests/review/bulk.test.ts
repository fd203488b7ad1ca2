import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '@/lib/auth/claims';
import { closePool } from '@/lib/db/pool-holder';
import { withRls } from '@/lib/db/rls';
import { bulkReview, undoBulkReview, BULK_TARGET } from '@/lib/review/bulk';
import { reviewPairs } from '@/lib/review/decide';
import type { BulkAction, PairFilter } from '@/lib/review/filter';
import { countPairs, listPairs } from '@/lib/review/list';
import { stopBoss } from '@/lib/runs/engine/boss-holder';
import { createTestDatabase, useAppDatabase } from '../support/db';
import { makeTeam } from '../support/users';
import { seedReviewRun, statesOf } from './fixture';

/** Bulk decisions by filter: the count the dialog shows is the count decided, undo is exact, and concurrent ones lose nothing. */
describe('bulk review by filter', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let admin: SessionUser;
  let viewer: SessionUser;
  let outsider: SessionUser;
  let workspace: string;
  let run: Awaited<ReturnType<typeof seedReviewRun>>;

  beforeAll(async () => {
    db = await createTestDatabase();
    await useAppDatabase(db.url);
    ({ admin, viewer, outsider, workspace } = await makeTeam(db.sql, 'Bulk'));
    run = await seedReviewRun(db.sql, workspace, {
      chunks: 20,
      perChunk: 5,
      question: (c, o) => (o === 0 ? `How is the refund for order ${c} paid?` : `What does part ${c} say about point ${o}?`),
    });
  });
  afterAll(async () => {
    await stopBoss();
    await closePool();
    await db.drop();
  });

  const reset = () => db.sql`update public.pairs set review_state = 'pending' where run_id = ${run.runId}`;

  it('decides exactly the pairs the filter counts, and records it in the timeline', async () => {
    await reset();
    const filter: PairFilter = { q: 'refund' };
    const counted = await countPairs(admin, run.runId, filter, BULK_TARGET.reject);
    expect(counted).toBe(20);
    // Two of them are rejected already: the bulk changes the other 18.
    const refunds = (await listPairs(admin, run.runId, { filter, sort: 'id' })).pairs.map((p) => p.id);
    await reviewPairs(admin, run.runId, { pairIds: refunds.slice(0, 2) }, 'rejected');
    expect(await countPairs(admin, run.runId, filter, BULK_TARGET.reject)).toBe(18);
    const { affected, batch_id } = await bulkReview(admin, run.runId, filter, 'reject');
    expect(affected).toBe(18);
    const states = await statesOf(db.sql, run.runId);
    expect([...states].filter(([, s]) => s === 'rejected').map(([id]) => id).sort()).toEqual([...refunds].sort());
    expect([...states.values()].filter((s) => s === 'pending')).toHaveLength(80);
    const [event] = await db.sql<{ message: string; actor: string }[]>`select message, actor from public.run_events where run_id = ${run.runId} order by id desc limit 1`;
    expect(event).toEqual({ actor: admin.email, message: `Rejected 18 pairs matching search “refund” (bulk #${batch_id}, can be undone)` });
    const [batch] = await db.sql`select action, filter, affected from public.review_batches where id = ${batch_id}`;
    expect(batch).toEqual({ action: 'reject', filter: { q: 'refund' }, affected: 18 });
  });

  it('works through more pairs than one statement batch, filtered by document and state', async () => {
    await reset();
    const documentId = run.chunks[0]!.document_id;
    const filter: PairFilter = { document_id: documentId, state: 'pending' };
    const expected = await countPairs(admin, run.runId, filter, 'approved');
    expect(expected).toBe(50);
    expect((await bulkReview(admin, run.runId, filter, 'approve')).affected).toBe(50);
    const [row] = await db.sql<{ approved: number; other: number }[]>`
      select count(*) filter (where c.document_id = ${documentId} and p.review_state = 'approved')::int as approved,
             count(*) filter (where c.document_id <> ${documentId} and p.review_state <> 'pending')::int as other
      from public.pairs p join public.chunks c on c.id = p.chunk_id where p.run_id = ${run.runId}`;
    expect(row).toEqual({ approved: 50, other: 0 });
  });

  it('undoes the latest bulk decision exactly, leaving pairs decided since as they are', async () => {
    await reset();
    // A mixed starting point: some approved, some rejected, the rest pending.
    const ids = [...(await statesOf(db.sql, run.runId)).keys()];
    await reviewPairs(admin, run.runId, { pairIds: ids.filter((_, i) => i % 3 === 0) }, 'approved');
    await reviewPairs(admin, run.runId, { pairIds: ids.filter((_, i) => i % 7 === 0 && i % 3 !== 0) }, 'rejected');
    const before = await statesOf(db.sql, run.runId);
    const { affected } = await bulkReview(admin, run.runId, {}, 'reject');
    expect(affected).toBe([...before.values()].filter((s) => s !== 'rejected').length);
    // Someone decides one of the bulk's pairs again: undo keeps that later decision.
    const changedSince = ids.find((id) => before.get(id) === 'pending')!;
    await reviewPairs(admin, run.runId, { pairIds: [changedSince] }, 'approved');
    const undone = await undoBulkReview(admin, run.runId);
    expect(undone).toMatchObject({ restored: affected - 1, skipped: 1 });
    const after = await statesOf(db.sql, run.runId);
    for (const [id, state] of before) expect(after.get(id)).toBe(id === changedSince ? 'approved' : state);
    // Nothing left to undo.
    await expect(undoBulkReview(admin, run.runId)).rejects.toMatchObject({ code: 'nothing_to_do' });
  });

  it('keeps undo records for the latest batch only', async () => {
    await bulkReview(admin, run.runId, { state: 'pending' }, 'approve');
    await bulkReview(admin, run.runId, { q: 'refund' }, 'reset');
    const rows = await db.sql<{ batch_id: number }[]>`
      select distinct b.batch_id::int as batch_id from public.review_batch_pairs b join public.review_batches r on r.id = b.batch_id where r.run_id = ${run.runId}`;
    const [latest] = await db.sql<{ id: number }[]>`select max(id)::int as id from public.review_batches where run_id = ${run.runId}`;
    expect(rows).toEqual([{ batch_id: latest!.id }]);
  });

  it('loses no decision when bulk actions on one run race each other', async () => {
    await reset();
    const byDocument = [...new Set(run.chunks.map((c) => c.document_id))];
    const plans: { filter: PairFilter; action: BulkAction }[] = [
      { filter: { document_id: byDocument[0]! }, action: 'approve' },
      { filter: { q: 'refund' }, action: 'reject' },
      { filter: { document_id: byDocument[1]! }, action: 'reject' },
      { filter: { state: 'rejected' }, action: 'reset' },
      { filter: { chunk_id: run.chunks[3]!.id }, action: 'approve' },
      { filter: {}, action: 'approve' },
      { filter: { q: 'point' }, action: 'reject' },
      { filter: { state: 'approved' }, action: 'reset' },
    ];
    const results = await Promise.all(plans.map((plan) => bulkReview(admin, run.runId, plan.filter, plan.action)));
    // They took turns (the run's row is held): replaying them in the order they committed gives the final states.
    const order = [...results.keys()].sort((a, b) => results[a]!.batch_id - results[b]!.batch_id);
    const meta = await db.sql<{ id: string; chunk_id: string; document_id: string; question: string }[]>`
      select p.id::int as id, p.chunk_id, c.document_id, p.question from public.pairs p join public.chunks c on c.id = p.chunk_id where p.run_id = ${run.runId}`;
    const replay = new Map(meta.map((m) => [Number(m.id), 'pending']));
    for (const i of order) {
      const { filter, action } = plans[i]!;
      let changed = 0;
      for (const m of meta) {
        const id = Number(m.id);
        const matches =
          (!filter.document_id || m.document_id === filter.document_id) &&
          (!filter.chunk_id || m.chunk_id === filter.chunk_id) &&
          (!filter.q || m.question.toLowerCase().includes(filter.q)) &&
          (!filter.state || replay.get(id) === filter.state);
        if (matches && replay.get(id) !== BULK_TARGET[action]) {
          replay.set(id, BULK_TARGET[action]);
          changed++;
        }
      }
      expect(results[i]!.affected).toBe(changed);
    }
    expect(await statesOf(db.sql, run.runId)).toEqual(replay);
  });

  it('refuses while the run generates (409), and viewers (403) and other workspaces (404), changing nothing', async () => {
    const before = await statesOf(db.sql, run.runId);
    await db.sql`update public.runs set status = 'generating' where id = ${run.runId}`;
    await expect(bulkReview(admin, run.runId, {}, 'reject')).rejects.toMatchObject({ status: 409, code: 'invalid_state' });
    await expect(undoBulkReview(admin, run.runId)).rejects.toMatchObject({ status: 409 });
    await db.sql`update public.runs set status = 'generated' where id = ${run.runId}`;
    await expect(bulkReview(viewer, run.runId, {}, 'reject')).rejects.toMatchObject({ status: 403 });
    await expect(bulkReview(outsider, run.runId, {}, 'reject')).rejects.toMatchObject({ status: 404 });
    await expect(undoBulkReview(viewer, run.runId)).rejects.toMatchObject({ status: 403 });
    expect(await statesOf(db.sql, run.runId)).toEqual(before);
  });

  it('lets members read bulk decisions, and only admins read what undo restores', async () => {
    const count = (user: SessionUser, table: string) =>
      withRls(user.claims, async (tx) => (await tx<{ n: number }[]>`select count(*)::int as n from ${tx(table)}`)[0]!.n);
    await reset();
    await bulkReview(admin, run.runId, {}, 'reject');
    expect(await count(viewer, 'public.review_batches')).toBeGreaterThan(0);
    expect(await count(viewer, 'public.review_batch_pairs')).toBe(0);
    expect(await count(admin, 'public.review_batch_pairs')).toBeGreaterThan(0);
    expect(await count(outsider, 'public.review_batches')).toBe(0);
    // A viewer cannot forge a batch or undo records directly.
    await expect(withRls(viewer.claims, (tx) => tx`
      insert into public.review_batches (run_id, workspace_id, actor_id, actor, action, filter, affected)
      values (${run.runId}, ${workspace}, ${viewer.id}, 'v', 'reject', '{}', 0)`)).rejects.toThrow(/row-level security/);
    await expect(withRls(viewer.claims, (tx) => tx`update public.review_batches set undone_at = now() where run_id = ${run.runId}`)).resolves.toHaveProperty('count', 0);
  });
});
