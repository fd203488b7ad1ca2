import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '@/lib/auth/claims';
import { closePool } from '@/lib/db/pool-holder';
import { sqlLiteral } from '@/lib/db/literal';
import { withRls } from '@/lib/db/rls';
import { bulkReview, undoBulkReview } from '@/lib/review/bulk';
import { decidePair, reviewPairs } from '@/lib/review/decide';
import { SEARCH_ID_CAP } from '@/lib/review/filter-sql';
import { countPairs, listPairs } from '@/lib/review/list';
import type { PairFilter, PairSort } from '@/lib/review/filter';
import { stopBoss } from '@/lib/runs/engine/boss-holder';
import { getRunDetail } from '@/lib/runs/detail';
import { createTestDatabase, useAppDatabase } from '../support/db';
import { makeTeam } from '../support/users';
import { seedReviewRun } from './fixture';

/**
 * The search takes two paths (a list of ids from the index, or a row-by-row test when a word
 * is too common for a list): both must find exactly what Postgres's own text search finds.
 * The run's review counts are kept by triggers: they must equal the pairs after every kind
 * of change.
 */
describe('review search and counts', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let admin: SessionUser;
  let viewer: SessionUser;
  let outsider: SessionUser;
  let workspace: string;
  let run: Awaited<ReturnType<typeof seedReviewRun>>;
  // More pairs say "common" than the id list holds; 1 in 50 says "rare".
  const perChunk = 5;
  const chunks = Math.ceil((SEARCH_ID_CAP * 1.3) / perChunk);

  beforeAll(async () => {
    db = await createTestDatabase();
    await useAppDatabase(db.url);
    ({ admin, viewer, outsider, workspace } = await makeTeam(db.sql, 'Search'));
    run = await seedReviewRun(db.sql, workspace, {
      chunks,
      perChunk,
      question: (c, o) => ((c * perChunk + o) % 50 === 0 ? `Which rare case does part ${c} cover?` : `What common rule does part ${c} state about point ${o}?`),
    });
  });
  afterAll(async () => {
    await stopBoss();
    await closePool();
    await db.drop();
  });

  /** What Postgres's own search finds, without RLS or the id list. */
  const expected = async (q: string, extra = db.sql``) =>
    (await db.sql<{ id: number }[]>`
      select id::int as id from public.pairs p
      where run_id = ${run.runId} and to_tsvector('simple', question) @@ websearch_to_tsquery('simple', ${q}) ${extra} order by id`).map((r) => r.id);

  const everyPage = async (user: SessionUser, filter: PairFilter, sort: PairSort = 'id') => {
    const ids: number[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listPairs>> = await listPairs(user, run.runId, { filter, sort, cursor, limit: 500 });
      ids.push(...page.pairs.map((p) => p.id));
      cursor = page.next_cursor;
    } while (cursor);
    return ids;
  };

  it('finds exactly the matching pairs of a rare word (the id list) and of a common one (row by row)', async () => {
    const rare = await expected('rare');
    const common = await expected('common');
    expect(rare.length).toBeGreaterThan(0);
    expect(rare.length).toBeLessThanOrEqual(SEARCH_ID_CAP);
    expect(common.length).toBeGreaterThan(SEARCH_ID_CAP);
    expect(await everyPage(viewer, { q: 'rare' })).toEqual(rare);
    expect(await everyPage(viewer, { q: 'common' })).toEqual(common);
    expect(await countPairs(viewer, run.runId, { q: 'rare' })).toBe(rare.length);
    expect(await countPairs(viewer, run.runId, { q: 'common' })).toBe(common.length);
    // Web-style syntax on both paths: a phrase, an exclusion, a word in no question.
    expect(await everyPage(viewer, { q: '"rare case"' })).toEqual(await expected('"rare case"'));
    expect(await countPairs(viewer, run.runId, { q: 'common -point' })).toBe(0);
    expect(await everyPage(viewer, { q: 'nowhere' })).toEqual([]);
  });

  it('combines the search with a state filter and sorts, on both paths', async () => {
    const some = (await expected('common')).filter((_, i) => i % 7 === 0);
    await reviewPairs(admin, run.runId, { pairIds: some }, 'approved');
    const rareApproved = (await expected('rare')).slice(0, 3);
    await reviewPairs(admin, run.runId, { pairIds: rareApproved }, 'approved');
    expect(await everyPage(viewer, { q: 'common', state: 'approved' })).toEqual(some);
    expect(await everyPage(viewer, { q: 'rare', state: 'approved' })).toEqual(rareApproved);
    // No signals computed: a signal order lists none, and "unchecked" lists them all.
    expect(await everyPage(viewer, { q: 'rare' }, 'bm25')).toEqual([]);
    expect(await countPairs(viewer, run.runId, { q: 'rare', signal: 'unchecked' })).toBe((await expected('rare')).length);
  });

  it('writes any search text as a literal that Postgres reads back unchanged (the export’s COPY)', async () => {
    const nasty = [`it's`, `$v$ ends $v0$ here`, `back\\slash \\' and "quotes"`, `line\nbreak`, '', '$$', 'ünïcödé 🦉'];
    for (const text of nasty) {
      const [row] = await db.sql.unsafe<{ v: string }[]>(`select ${sqlLiteral(text)} as v`);
      expect(row!.v).toBe(text);
    }
    const [ids] = await db.sql.unsafe<{ v: string[] }[]>(`select ${sqlLiteral(['1', '22'])}::bigint[]::text[] as v, ${sqlLiteral([])}::uuid[] as e`);
    expect(ids!.v).toEqual(['1', '22']);
    expect(() => sqlLiteral(2 ** 60)).toThrow(/safe integer/);
    expect(() => sqlLiteral('a\0b')).toThrow(/NUL/);
  });

  it('searches only runs of the caller’s workspaces, and not at all without a session', async () => {
    const call = (user: SessionUser | null) =>
      withRls(user?.claims ?? null, (tx) => tx<{ ids: string[] | null }[]>`select private.pairs_matching(${[run.runId]}::uuid[], 'rare', 100) as ids`);
    expect((await call(viewer))[0]!.ids!.length).toBe((await expected('rare')).length);
    expect((await call(outsider))[0]!.ids).toEqual([]);
    await expect(call(null)).rejects.toThrow(/permission denied/);
  });

  it('keeps the run’s review counts equal to its pairs through decisions, bulk, undo, inserts and deletes', async () => {
    const truth = async () => {
      const [row] = await db.sql<{ approved: number; rejected: number; pending: number }[]>`
        select count(*) filter (where review_state = 'approved')::int as approved, count(*) filter (where review_state = 'rejected')::int as rejected,
               count(*) filter (where review_state = 'pending')::int as pending
        from public.pairs where run_id = ${run.runId}`;
      return row!;
    };
    const shown = async () => (await getRunDetail(viewer, run.runId)).review;
    expect(await shown()).toEqual(await truth());

    const [first] = await expected('rare');
    await decidePair(admin, first!, { review_state: 'rejected' });
    await decidePair(admin, first!, { review_state: 'rejected' }); // no change, no drift
    expect(await shown()).toEqual(await truth());

    await bulkReview(admin, run.runId, { q: 'common' }, 'reject');
    expect(await shown()).toEqual(await truth());
    await undoBulkReview(admin, run.runId);
    expect(await shown()).toEqual(await truth());
    await bulkReview(admin, run.runId, {}, 'approve');
    expect((await shown()).pending).toBe(0);
    expect(await shown()).toEqual(await truth());

    // Written around the app: an approved pair inserted, a document's pairs deleted with it.
    await db.sql`
      insert into public.pairs (run_id, chunk_id, workspace_id, ordinal, question, review_state)
      values (${run.runId}, ${run.chunks[0]!.id}, ${workspace}, 99, 'An extra approved question?', 'approved')`;
    await db.sql`update public.runs set pair_count = pair_count + 1 where id = ${run.runId}`;
    expect(await shown()).toEqual(await truth());
    await db.sql`delete from public.documents where id = ${run.chunks.at(-1)!.document_id}`;
    expect(await shown()).toEqual(await truth());
    const after = await truth();
    expect(after.approved + after.rejected + after.pending).toBeLessThan(chunks * perChunk);
  });
});
