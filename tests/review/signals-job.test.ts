import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '@/lib/auth/claims';
import { closePool } from '@/lib/db/pool-holder';
import { withRls } from '@/lib/db/rls';
import { listPairs } from '@/lib/review/list';
import { computeRunSignals } from '@/lib/review/signals/job';
import { stopBoss } from '@/lib/runs/engine/boss-holder';
import { createTestDatabase, useAppDatabase } from '../support/db';
import { makeTeam } from '../support/users';

const EIFFEL = "The Eiffel Tower in Paris was completed in 1889 for the World's Fair and is 330 metres tall, the tallest structure of its day.";
const PLANTS = 'Photosynthesis converts light energy into chemical energy in plants, producing oxygen and sugars from water and carbon dioxide.';
const REFUNDS = Array.from({ length: 12 }, (_, i) => `Refund policy ${i}: a refund for an order paid by card reaches the card within ${i + 20} days of the refund request.`);

/** The signal job on hand-made pairs: each signal fires where it should and nowhere else; the job resumes and follows edits. */
describe('quality signals job', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let admin: SessionUser;
  let viewer: SessionUser;
  let outsider: SessionUser;
  let workspace: string;
  let parentRun: string;
  let childRun: string;
  const ids: Record<string, number> = {};
  const chunk: Record<string, string> = {};

  const signalsOf = async (pairId: number) => (await db.sql`select * from public.pair_signals where pair_id = ${pairId}`)[0];

  beforeAll(async () => {
    db = await createTestDatabase();
    await useAppDatabase(db.url);
    ({ admin, viewer, outsider, workspace } = await makeTeam(db.sql, 'Signals'));
    const [corpus] = await db.sql<{ id: string }[]>`insert into public.corpora (workspace_id, name) values (${workspace}, 'Signals') returning id`;
    const [doc] = await db.sql<{ id: string }[]>`
      insert into public.documents (workspace_id, corpus_id, title, content, content_hash, byte_size) values (${workspace}, ${corpus!.id}, 'Facts', 'x', md5('facts'), 1) returning id`;
    const texts = [EIFFEL, PLANTS, ...REFUNDS];
    const rows = await db.sql<{ id: string; ordinal: number }[]>`
      insert into public.chunks (workspace_id, corpus_id, document_id, ordinal, content, content_hash, token_count)
      select ${workspace}, ${corpus!.id}, ${doc!.id}, t.o - 1, t.c, md5(t.c), 30 from unnest(${texts}::text[]) with ordinality t(c, o) returning id, ordinal`;
    for (const r of rows) chunk[r.ordinal === 0 ? 'eiffel' : r.ordinal === 1 ? 'plants' : `refund${r.ordinal - 2}`] = r.id;
    const makeRun = async (parent: string | null, status: string, continued: boolean) =>
      (await db.sql<{ id: string }[]>`
        insert into public.runs (workspace_id, corpus_id, status, parent_run_id, total_chunks, processed_chunks, continued_at)
        values (${workspace}, ${corpus!.id}, ${status}, ${parent}, 0, 0, ${continued ? db.sql`now()` : null}) returning id`)[0]!.id;
    parentRun = await makeRun(null, 'generated', true);
    childRun = await makeRun(parentRun, 'generating', false);
    const add = async (runId: string, name: string, chunkName: string, question: string) => {
      await db.sql`insert into public.run_chunks (run_id, chunk_id, workspace_id, state) values (${runId}, ${chunk[chunkName]!}, ${workspace}, 'done') on conflict do nothing`;
      const [p] = await db.sql<{ id: number }[]>`
        insert into public.pairs (run_id, chunk_id, workspace_id, ordinal, question)
        values (${runId}, ${chunk[chunkName]!}, ${workspace}, (select count(*) from public.pairs where run_id = ${runId} and chunk_id = ${chunk[chunkName]!}), ${question}) returning id::int as id`;
      ids[name] = p!.id;
    };
    await add(parentRun, 'good', 'eiffel', 'When was the Eiffel Tower in Paris completed?');
    await add(parentRun, 'verbatim', 'eiffel', "Was the tower completed in 1889 for the World's Fair and is it tall?");
    await add(parentRun, 'german', 'eiffel', 'Wann wurde der Eiffelturm in Paris fertiggestellt und wie hoch ist er eigentlich?');
    await add(parentRun, 'wrongChunk', 'plants', 'How do I get a refund for my order paid by card?');
    await add(parentRun, 'instruction', 'plants', 'Describe how photosynthesis turns light into sugars.');
    await add(parentRun, 'short', 'plants', 'Why?');
    await add(parentRun, 'original', 'plants', 'What does photosynthesis produce in plants?');
    await add(parentRun, 'copy', 'plants', 'what does PHOTOSYNTHESIS produce in plants ?');
    await add(parentRun, 'near', 'plants', "What does photosynthesis produces in plants?");
    await add(parentRun, 'refund', 'refund3', 'How many days does a card refund take under policy 3?');
    // The continuation repeats a parent's question for another chunk.
    await add(childRun, 'lineageCopy', 'refund4', 'When was the Eiffel Tower in Paris completed?');
  });
  afterAll(async () => {
    await stopBoss();
    await closePool();
    await db.drop();
  });

  it('is asked for when a run stops generating, and computes every pair of the run', async () => {
    await db.sql`insert into public.run_signals (run_id, workspace_id) values (${parentRun}, ${workspace})`;
    expect(await computeRunSignals(db.sql, childRun, new AbortController().signal)).toBeNull();
    await db.sql`update public.runs set status = 'generated' where id = ${childRun}`;
    const [asked] = await db.sql`select state from public.run_signals where run_id = ${childRun}`;
    expect(asked).toEqual({ state: 'pending' });
    expect(await computeRunSignals(db.sql, parentRun, new AbortController().signal)).toEqual({ checked: 10 });
    expect(await computeRunSignals(db.sql, childRun, new AbortController().signal)).toEqual({ checked: 1 });
    const [status] = await db.sql`select state, pairs_checked, summary from public.run_signals where run_id = ${parentRun}`;
    expect(status).toMatchObject({ state: 'done', pairs_checked: 10 });
    expect(status!.summary).toMatchObject({ checked: 10, duplicate: 2, too_short: 1, verbatim: 1, language: 1 });
  });

  it('ranks each question’s own chunk over the whole corpus (BM25 and the base embedder), and finds a hard negative', async () => {
    expect(await signalsOf(ids.good!)).toMatchObject({ bm25_rank: 1, embedding_rank: 1, embedder: expect.stringMatching(/^builtin:/) });
    expect(await signalsOf(ids.refund!)).toMatchObject({ bm25_rank: 1 });
    // Twelve refund chunks answer it better than its own chunk: a round-trip miss in both.
    const wrong = await signalsOf(ids.wrongChunk!);
    expect(wrong).toMatchObject({ bm25_rank: null, embedding_rank: null });
    expect(Object.entries(chunk).find(([, id]) => id === wrong!.hard_negative_chunk_id)?.[0]).toMatch(/^refund/);
  });

  it('flags shape: too short, not a question, copies the chunk, another language — and nothing on a good pair', async () => {
    expect(await signalsOf(ids.good!)).toMatchObject({ too_short: false, too_long: false, not_question: false, verbatim: false, language_mismatch: false, duplicate_of: null, chunk_language: 'eng' });
    expect(await signalsOf(ids.short!)).toMatchObject({ too_short: true });
    expect(await signalsOf(ids.instruction!)).toMatchObject({ not_question: true, too_short: false });
    expect(await signalsOf(ids.verbatim!)).toMatchObject({ verbatim: true, verbatim_words: 9 });
    expect(await signalsOf(ids.german!)).toMatchObject({ language_mismatch: true, question_language: 'deu' });
  });

  it('groups duplicates, keeping the earliest: same chunk (identical or near-identical) and across the lineage', async () => {
    expect(await signalsOf(ids.original!)).toMatchObject({ duplicate_of: null });
    expect(await signalsOf(ids.copy!)).toMatchObject({ duplicate_of: String(ids.original) });
    expect(await signalsOf(ids.near!)).toMatchObject({ duplicate_of: String(ids.original) });
    expect(await signalsOf(ids.lineageCopy!)).toMatchObject({ duplicate_of: String(ids.good) });
    expect(await signalsOf(ids.good!)).toMatchObject({ duplicate_of: null });
  });

  it('filters and sorts the table by signals, with cursors that visit each pair once', async () => {
    const dup = await listPairs(admin, parentRun, { filter: { signal: 'duplicate' }, sort: 'id' });
    expect(dup.pairs.map((p) => p.id)).toEqual([ids.copy, ids.near]);
    expect(dup.pairs[0]!.signals).toMatchObject({ duplicate_of: ids.original });
    const misses = await listPairs(admin, parentRun, { filter: { signal: 'bm25_miss' }, sort: 'id' });
    expect(misses.pairs.map((p) => p.id)).toContain(ids.wrongChunk);
    const seen: number[] = [];
    let cursor: string | null = null;
    let ranks: number[] = [];
    do {
      const page: Awaited<ReturnType<typeof listPairs>> = await listPairs(admin, parentRun, { filter: {}, sort: 'bm25', cursor, limit: 3 });
      seen.push(...page.pairs.map((p) => p.id));
      ranks = ranks.concat(page.pairs.map((p) => p.signals!.bm25_rank ?? 11));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen.sort()).toEqual(Object.entries(ids).filter(([name]) => name !== 'lineageCopy').map(([, id]) => id).sort());
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    await expect(listPairs(admin, parentRun, { filter: {}, sort: 'id', cursor: 'not-a-cursor' })).rejects.toMatchObject({ status: 400 });
    const bm25Cursor = (await listPairs(admin, parentRun, { filter: {}, sort: 'bm25', limit: 1 })).next_cursor;
    await expect(listPairs(admin, parentRun, { filter: {}, sort: 'id', cursor: bm25Cursor })).rejects.toMatchObject({ status: 400 });
  });

  it('drops an edited question’s signals, asks again, and redoes only what is missing', async () => {
    await db.sql`update public.pairs set question = 'Which gas does photosynthesis release?' where id = ${ids.short!}`;
    expect(await signalsOf(ids.short!)).toBeUndefined();
    expect((await db.sql`select state from public.run_signals where run_id = ${parentRun}`)[0]).toEqual({ state: 'pending' });
    // Review decisions do not touch signals.
    await db.sql`update public.pairs set review_state = 'approved' where id = ${ids.good!}`;
    expect(await signalsOf(ids.good!)).toBeDefined();
    // Only the edited pair's chunk is checked again (its six pairs).
    expect(await computeRunSignals(db.sql, parentRun, new AbortController().signal)).toEqual({ checked: 6 });
    expect(await signalsOf(ids.short!)).toMatchObject({ too_short: false, not_question: false });
    expect(await computeRunSignals(db.sql, parentRun, new AbortController().signal)).toBeNull();
  });

  it('is readable by members only, and written by nobody but the worker', async () => {
    const read = (user: SessionUser) => withRls(user.claims, async (tx) => (await tx<{ n: number }[]>`select count(*)::int as n from public.pair_signals`)[0]!.n);
    expect(await read(viewer)).toBe(11);
    expect(await read(outsider)).toBe(0);
    await expect(withRls(admin.claims, (tx) => tx`update public.pair_signals set too_short = true`)).rejects.toThrow(/permission denied/);
    await expect(withRls(admin.claims, (tx) => tx`delete from public.run_signals`)).rejects.toThrow(/permission denied/);
  });
});
