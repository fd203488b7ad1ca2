import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '@/lib/auth/claims';
import { closePool } from '@/lib/db/pool-holder';
import { exportPairs } from '@/lib/export/export-pairs';
import { exportQuerySchema, type ExportQuery } from '@/lib/export/formats';
import { stopBoss } from '@/lib/runs/engine/boss-holder';
import { createTestDatabase, useAppDatabase } from '../support/db';
import { makeTeam } from '../support/users';
import { seedReviewRun } from './fixture';

/** RFC 4180, as a reader would parse it (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') endField();
    else if (ch === '\n' || (ch === '\r' && text[i + 1] === '\n')) {
      endField();
      rows.push(row);
      row = [];
      if (ch === '\r') i++;
    } else field += ch;
  }
  return rows;
}

/** Exports in each trainer's layout, parsed back and checked field by field against the database. */
describe('pair exports', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let admin: SessionUser;
  let viewer: SessionUser;
  let outsider: SessionUser;
  let parent: Awaited<ReturnType<typeof seedReviewRun>>;
  let child: Awaited<ReturnType<typeof seedReviewRun>>;
  type Expected = { id: number; run_id: string; chunk_id: string; question: string; content: string; review_state: string; document_id: string; title: string };
  let all: Expected[];

  const read = async (user: SessionUser, runId: string, query: Partial<Record<keyof ExportQuery, string>>) => {
    const { body, headers } = await exportPairs(user, runId, exportQuerySchema.parse(query));
    const bytes = Buffer.from(await new Response(body).arrayBuffer());
    return { text: query.gzip ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8'), headers, bytes };
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    await useAppDatabase(db.url);
    const team = await makeTeam(db.sql, 'Export');
    ({ admin, viewer, outsider } = team);
    // Quotes, commas, line breaks and non-ASCII in questions: what CSV and JSON must carry intact.
    parent = await seedReviewRun(db.sql, team.workspace, { chunks: 6, perChunk: 2, question: (c, o) => (o === 0 ? `Is "part ${c}", the one\nwith a break, über-important?` : `What does part ${c} say?`) });
    await db.sql`update public.runs set continued_at = now() where id = ${parent.runId}`;
    child = await seedReviewRun(db.sql, team.workspace, { chunks: 0, perChunk: 1, corpusId: parent.corpusId, parentRunId: parent.runId });
    await db.sql`delete from public.run_chunks where run_id = ${child.runId}`;
    await db.sql`delete from public.pairs where run_id = ${child.runId}`;
    await db.sql`insert into public.run_chunks (run_id, chunk_id, workspace_id, state) values (${child.runId}, ${parent.chunks[0]!.id}, ${team.workspace}, 'done')`;
    await db.sql`insert into public.pairs (run_id, chunk_id, workspace_id, ordinal, question, review_state) values (${child.runId}, ${parent.chunks[0]!.id}, ${team.workspace}, 0, 'A question of the continuation?', 'approved')`;
    await db.sql`update public.pairs set review_state = case when id % 3 = 0 then 'approved' when id % 3 = 1 then 'rejected' else 'pending' end where run_id = ${parent.runId}`;
    // Signals for one pair, with a hard negative.
    const [first] = await db.sql<{ id: number }[]>`select min(id)::int as id from public.pairs where run_id = ${parent.runId} and review_state = 'approved'`;
    await db.sql`
      insert into public.pair_signals (pair_id, run_id, workspace_id, bm25_rank, embedding_rank, embedder, hard_negative_chunk_id, too_short, too_long, not_question, verbatim_words, verbatim, language_mismatch)
      values (${first!.id}, ${parent.runId}, ${team.workspace}, null, 2, 'builtin:test:1', ${parent.chunks[5]!.id}, false, false, false, 0, false, false)`;
    all = await db.sql<Expected[]>`
      select p.id::int as id, p.run_id, p.chunk_id, p.question, c.content, p.review_state, c.document_id, d.title
      from public.pairs p join public.chunks c on c.id = p.chunk_id join public.documents d on d.id = c.document_id order by p.id`;
  });
  afterAll(async () => {
    await stopBoss();
    await closePool();
    await db.drop();
  });

  const approved = () => all.filter((p) => p.review_state === 'approved');

  it('sentence-transformers: anchor and positive per approved pair of the lineage, and the hard negative where found', async () => {
    const { text, headers } = await read(admin, child.runId, { format: 'sentence-transformers' });
    expect(headers['content-disposition']).toBe(`attachment; filename="recall-${child.runId.slice(0, 8)}-sentence-transformers.jsonl"`);
    const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
    expect(lines).toHaveLength(approved().length);
    lines.forEach((line, i) => {
      expect(line.anchor).toBe(approved()[i]!.question);
      expect(line.positive).toBe(approved()[i]!.content);
    });
    const withNegative = lines.filter((l) => 'negative' in l);
    expect(withNegative).toEqual([{ anchor: approved()[0]!.question, positive: approved()[0]!.content, negative: all.find((p) => p.chunk_id === parent.chunks[5]!.id)!.content }]);
    expect(Object.keys(lines[0]!)).toEqual(['anchor', 'positive', 'negative']);
  });

  it('llamaindex: queries, corpus and relevant_docs of one EmbeddingQAFinetuneDataset', async () => {
    const { text } = await read(viewer, child.runId, { format: 'llamaindex', state: 'not_rejected' });
    const dataset = JSON.parse(text) as { queries: Record<string, string>; corpus: Record<string, string>; relevant_docs: Record<string, string[]>; mode: string };
    const kept = all.filter((p) => p.review_state !== 'rejected');
    expect(dataset.mode).toBe('text');
    expect(dataset.queries).toEqual(Object.fromEntries(kept.map((p) => [String(p.id), p.question])));
    expect(dataset.relevant_docs).toEqual(Object.fromEntries(kept.map((p) => [String(p.id), [p.chunk_id]])));
    expect(dataset.corpus).toEqual(Object.fromEntries(kept.map((p) => [p.chunk_id, p.content])));
    const whole = JSON.parse((await read(admin, child.runId, { format: 'llamaindex', corpus: 'all' })).text) as { corpus: Record<string, string> };
    expect(Object.keys(whole.corpus)).toHaveLength(6);
  });

  it('csv: one row per pair, quotes, commas and line breaks intact', async () => {
    const { text, headers } = await read(admin, parent.runId, { format: 'csv', state: 'all', lineage: 'false' });
    expect(headers['content-type']).toMatch(/^text\/csv/);
    const [head, ...rows] = parseCsv(text);
    expect(head).toEqual(['pair_id', 'run_id', 'document_id', 'document_title', 'chunk_id', 'ordinal', 'question', 'passage', 'review_state', 'bm25_rank', 'embedding_rank', 'duplicate_of', 'flags', 'created_at', 'updated_at']);
    const own = all.filter((p) => p.run_id === parent.runId);
    expect(rows).toHaveLength(own.length);
    rows.forEach((row, i) => {
      const p = own[i]!;
      expect(row.slice(0, 9)).toEqual([String(p.id), p.run_id, p.document_id, p.title, p.chunk_id, row[5], p.question, p.content, p.review_state]);
    });
    expect(rows.find((r) => r[0] === String(approved()[0]!.id))!.slice(9, 13)).toEqual(['', '2', '', 'bm25_miss']);
  });

  it('jsonl: every field, signals included; filters as the table has them; gzip when asked', async () => {
    const { text, bytes, headers } = await read(admin, child.runId, { format: 'jsonl', state: 'all', gzip: 'true', q: 'break' });
    expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(headers).toMatchObject({ 'content-type': 'application/gzip', 'content-disposition': `attachment; filename="recall-${child.runId.slice(0, 8)}-jsonl.jsonl.gz"` });
    const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const matching = all.filter((p) => p.question.includes('break'));
    expect(lines.map((l) => l.pair_id)).toEqual(matching.map((p) => p.id));
    const withSignals = lines.find((l) => l.signals !== null)!;
    expect(withSignals).toMatchObject({ signals: { bm25_rank: null, embedding_rank: 2, duplicate_of: null, flags: ['bm25_miss'] }, hard_negative: { chunk_id: parent.chunks[5]!.id } });
    expect(Object.keys(lines[0]!)).toEqual(['pair_id', 'run_id', 'chunk_id', 'document_id', 'document_title', 'ordinal', 'question', 'passage', 'review_state', 'created_at', 'updated_at', 'signals', 'hard_negative']);
  });

  it('refuses unknown formats, states and filters, and runs the user cannot see', async () => {
    expect(exportQuerySchema.safeParse({ format: 'parquet' }).success).toBe(false);
    expect(exportQuerySchema.safeParse({ format: 'csv', state: 'maybe' }).success).toBe(false);
    expect(exportQuerySchema.safeParse({ format: 'csv', colour: 'red' }).success).toBe(false);
    expect(exportQuerySchema.safeParse({ format: 'csv', signal: 'bad' }).success).toBe(false);
    await expect(exportPairs(outsider, parent.runId, exportQuerySchema.parse({ format: 'csv' }))).rejects.toMatchObject({ status: 404 });
  });
});
