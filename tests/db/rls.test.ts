import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/db';
import {
  anonIdentity,
  asIdentity,
  attempt,
  fingerprints,
  PUBLIC_TABLES,
  seedFixtures,
  userIdentity,
  type Fingerprints,
  type Fixtures,
  type Outcome,
  type Statement,
  type TableName,
} from '../support/rls';

/**
 * The RLS matrix: every public table × every operation × four identities — admin of
 * workspace A, viewer of A, admin of workspace B only, and anon. Each attempt runs in its
 * own transaction as the request role with its JWT claims, and is always rolled back.
 *
 * One descriptor per table says how to read it and how to insert, update and delete a row
 * of workspace A (every write returns `key`, so the outcome lists the rows it touched).
 */
type TableCase = {
  table: TableName;
  /** SQL expression identifying a row. */
  key: string;
  /** Who may read it: every member (the default), or the workspace's admins only. */
  readBy?: 'admins';
  /** What `authenticated` is granted beyond select (a missing grant means permission denied). */
  grants: { insert: boolean; update: boolean; delete: boolean };
  insert: (f: Fixtures, uid: string | null) => Statement;
  update: (f: Fixtures) => Statement;
  delete: (f: Fixtures) => Statement;
  /** Admin B updates a row of B so that it belongs to A. */
  move?: (f: Fixtures) => Statement;
  /** Admin B inserts a row into B that points at a parent row of A. */
  crossRef?: (f: Fixtures, uid: string) => Statement;
};

const all = { insert: true, update: true, delete: true };
const byId = (table: string, id: (f: Fixtures) => string, set: string): Pick<TableCase, 'update' | 'delete'> => ({
  update: (f) => ({ text: `update public.${table} set ${set} where id = $1 returning id::text as key`, params: [id(f)] }),
  delete: (f) => ({ text: `delete from public.${table} where id = $1 returning id::text as key`, params: [id(f)] }),
});
const moveById = (table: string, id: (f: Fixtures) => string) => (f: Fixtures) => ({
  text: `update public.${table} set workspace_id = $1 where id = $2 returning id::text as key`,
  params: [f.A.id, id(f)],
});

const TABLES: TableCase[] = [
  {
    table: 'workspaces',
    key: 'id::text',
    grants: { insert: false, update: true, delete: false },
    insert: () => ({ text: `insert into public.workspaces (name) values ('Intruder') returning id::text as key` }),
    ...byId('workspaces', (f) => f.A.id, `name = 'Renamed'`),
  },
  {
    table: 'workspace_members',
    key: `workspace_id || '/' || user_id`,
    grants: all,
    insert: (f) => ({
      text: `insert into public.workspace_members (workspace_id, user_id, role) values ($1, $2, 'admin')
             returning workspace_id || '/' || user_id as key`,
      params: [f.A.id, f.users.nobody.id],
    }),
    update: (f) => ({
      text: `update public.workspace_members set role = 'admin' where workspace_id = $1 and user_id = $2
             returning workspace_id || '/' || user_id as key`,
      params: [f.A.id, f.users.viewer.id],
    }),
    // Another member's row: a viewer may delete only their own (leaving, tested in teams.test.ts).
    delete: (f) => ({
      text: `delete from public.workspace_members where workspace_id = $1 and user_id = $2
             returning workspace_id || '/' || user_id as key`,
      params: [f.A.id, f.users.viewer2.id],
    }),
    move: (f) => ({
      text: `update public.workspace_members set workspace_id = $1 where workspace_id = $2 and user_id = $3
             returning workspace_id || '/' || user_id as key`,
      params: [f.A.id, f.B.id, f.users.otherAdmin.id],
    }),
  },
  {
    table: 'corpora',
    key: 'id::text',
    grants: all,
    insert: (f) => ({ text: `insert into public.corpora (workspace_id, name) values ($1, 'New') returning id::text as key`, params: [f.A.id] }),
    ...byId('corpora', (f) => f.A.corpusId, `name = 'Renamed'`),
    move: moveById('corpora', (f) => f.B.corpusId),
  },
  {
    table: 'documents',
    key: 'id::text',
    grants: all,
    insert: (f) => ({
      text: `insert into public.documents (workspace_id, corpus_id, title, content, content_hash, byte_size)
             values ($1, $2, 'New', 'Text', 'h-new', 4) returning id::text as key`,
      params: [f.A.id, f.A.corpusId],
    }),
    ...byId('documents', (f) => f.A.documentId, `title = 'Renamed'`),
    move: moveById('documents', (f) => f.B.documentId),
    crossRef: (f) => ({
      text: `insert into public.documents (workspace_id, corpus_id, title, content, content_hash, byte_size)
             values ($1, $2, 'Planted', 'Text', 'h-new', 4) returning id::text as key`,
      params: [f.B.id, f.A.corpusId],
    }),
  },
  {
    table: 'chunks',
    key: 'id::text',
    grants: all,
    insert: (f) => ({
      text: `insert into public.chunks (workspace_id, corpus_id, document_id, ordinal, content, content_hash, token_count)
             values ($1, $2, $3, 2, 'Third passage.', 'h-2', 3) returning id::text as key`,
      params: [f.A.id, f.A.corpusId, f.A.documentId],
    }),
    ...byId('chunks', (f) => f.A.chunkIds[1], 'ordinal = 7'),
    move: moveById('chunks', (f) => f.B.chunkIds[1]),
    crossRef: (f) => ({
      text: `insert into public.chunks (workspace_id, corpus_id, document_id, ordinal, content, content_hash, token_count)
             values ($1, $2, $3, 2, 'Planted.', 'h-2', 3) returning id::text as key`,
      params: [f.B.id, f.A.corpusId, f.A.documentId],
    }),
  },
  {
    table: 'runs',
    key: 'id::text',
    grants: all,
    insert: (f) => ({ text: `insert into public.runs (workspace_id, corpus_id) values ($1, $2) returning id::text as key`, params: [f.A.id, f.A.corpusId] }),
    ...byId('runs', (f) => f.A.runId, 'recovery_attempts = 1'),
    move: moveById('runs', (f) => f.B.runId),
    crossRef: (f) => ({ text: `insert into public.runs (workspace_id, corpus_id) values ($1, $2) returning id::text as key`, params: [f.B.id, f.A.corpusId] }),
  },
  {
    table: 'run_chunks',
    key: `run_id || '/' || chunk_id`,
    grants: all,
    insert: (f) => ({
      text: `insert into public.run_chunks (run_id, chunk_id, workspace_id) values ($1, $2, $3) returning run_id || '/' || chunk_id as key`,
      params: [f.A.runId, f.A.chunkIds[1], f.A.id],
    }),
    update: (f) => ({
      text: `update public.run_chunks set attempts = 5 where run_id = $1 and chunk_id = $2 returning run_id || '/' || chunk_id as key`,
      params: [f.A.runId, f.A.chunkIds[0]],
    }),
    delete: (f) => ({
      text: `delete from public.run_chunks where run_id = $1 and chunk_id = $2 returning run_id || '/' || chunk_id as key`,
      params: [f.A.runId, f.A.chunkIds[0]],
    }),
    move: (f) => ({
      text: `update public.run_chunks set workspace_id = $1 where run_id = $2 returning run_id || '/' || chunk_id as key`,
      params: [f.A.id, f.B.runId],
    }),
    crossRef: (f) => ({
      text: `insert into public.run_chunks (run_id, chunk_id, workspace_id) values ($1, $2, $3) returning run_id || '/' || chunk_id as key`,
      params: [f.B.runId, f.A.chunkIds[1], f.B.id],
    }),
  },
  {
    table: 'pairs',
    key: 'id::text',
    grants: all,
    insert: (f) => ({
      text: `insert into public.pairs (run_id, chunk_id, workspace_id, ordinal, question) values ($1, $2, $3, 1, 'And then?')
             returning id::text as key`,
      params: [f.A.runId, f.A.chunkIds[0], f.A.id],
    }),
    ...byId('pairs', (f) => f.A.pairId, `review_state = 'approved'`),
    move: moveById('pairs', (f) => f.B.pairId),
    crossRef: (f) => ({
      text: `insert into public.pairs (run_id, chunk_id, workspace_id, ordinal, question) values ($1, $2, $3, 1, 'Planted?')
             returning id::text as key`,
      params: [f.A.runId, f.A.chunkIds[0], f.B.id],
    }),
  },
  {
    table: 'run_events',
    key: 'id::text',
    grants: { insert: true, update: false, delete: false },
    insert: (f, uid) => ({
      text: `insert into public.run_events (run_id, workspace_id, actor_id, actor, to_status) values ($1, $2, $3, 'tester', 'queued')
             returning id::text as key`,
      params: [f.A.runId, f.A.id, uid as string],
    }),
    ...byId('run_events', (f) => f.A.eventId, `message = 'rewritten'`),
    move: moveById('run_events', (f) => f.B.eventId),
    crossRef: (f, uid) => ({
      text: `insert into public.run_events (run_id, workspace_id, actor_id, actor, to_status) values ($1, $2, $3, 'tester', 'queued')
             returning id::text as key`,
      params: [f.A.runId, f.B.id, uid],
    }),
  },
  {
    table: 'adapters',
    key: 'run_id::text',
    grants: { insert: false, update: false, delete: false },
    insert: (f) => ({
      text: `insert into public.adapters (run_id, workspace_id, embedder, dim, weights) values ($1, $2, 'forged', 1, decode('00000000', 'hex'))
             returning run_id::text as key`,
      params: [f.A.runId, f.A.id],
    }),
    update: (f) => ({ text: `update public.adapters set steps_done = 99 where run_id = $1 returning run_id::text as key`, params: [f.A.runId] }),
    delete: (f) => ({ text: `delete from public.adapters where run_id = $1 returning run_id::text as key`, params: [f.A.runId] }),
  },
  {
    table: 'training_splits',
    key: `run_id || '/' || chunk_id`,
    grants: { insert: false, update: false, delete: false },
    insert: (f) => ({
      text: `insert into public.training_splits (run_id, chunk_id, workspace_id, split) values ($1, $2, $3, 'train') returning run_id || '/' || chunk_id as key`,
      params: [f.A.runId, f.A.chunkIds[1], f.A.id],
    }),
    update: (f) => ({ text: `update public.training_splits set split = 'train' where run_id = $1 returning run_id || '/' || chunk_id as key`, params: [f.A.runId] }),
    delete: (f) => ({ text: `delete from public.training_splits where run_id = $1 returning run_id || '/' || chunk_id as key`, params: [f.A.runId] }),
  },
  {
    table: 'test_questions',
    key: 'id::text',
    grants: { insert: true, update: false, delete: true },
    insert: (f, uid) => ({
      text: `insert into public.test_questions (workspace_id, corpus_id, question, document_id, created_by) values ($1, $2, 'How do I start?', $3, $4) returning id::text as key`,
      params: [f.A.id, f.A.corpusId, f.A.documentId, uid as string],
    }),
    ...byId('test_questions', (f) => f.A.questionId, `question = 'Rewritten?'`),
    move: moveById('test_questions', (f) => f.B.questionId),
    crossRef: (f, uid) => ({
      text: `insert into public.test_questions (workspace_id, corpus_id, question, chunk_id, created_by) values ($1, $2, 'Planted?', $3, $4) returning id::text as key`,
      params: [f.B.id, f.B.corpusId, f.A.chunkIds[0], uid],
    }),
  },
  {
    table: 'membership_events',
    key: 'id::text',
    readBy: 'admins',
    grants: { insert: false, update: false, delete: false },
    insert: (f, uid) => ({
      text: `insert into public.membership_events (workspace_id, actor_id, actor, action) values ($1, $2, 'forger', 'member_added')
             returning id::text as key`,
      params: [f.A.id, uid as string],
    }),
    update: (f) => ({ text: `update public.membership_events set actor = 'forger' where workspace_id = $1 returning id::text as key`, params: [f.A.id] }),
    delete: (f) => ({ text: `delete from public.membership_events where workspace_id = $1 returning id::text as key`, params: [f.A.id] }),
  },
  {
    table: 'workspace_invitations',
    key: 'id::text',
    readBy: 'admins',
    grants: { insert: false, update: false, delete: false },
    insert: (f) => ({
      text: `insert into public.workspace_invitations (workspace_id, email, role, token_hash, expires_at)
             values ($1, 'planted@example.com', 'admin', sha256('planted'), now() + interval '1 day') returning id::text as key`,
      params: [f.A.id],
    }),
    ...byId('workspace_invitations', (f) => f.A.invitationId, `role = 'admin'`),
  },
  {
    table: 'pair_signals',
    key: 'pair_id::text',
    grants: { insert: false, update: false, delete: false },
    insert: (f) => ({
      text: `insert into public.pair_signals (pair_id, run_id, workspace_id, embedder, too_short, too_long, not_question, verbatim_words, verbatim, language_mismatch)
             values ($1, $2, $3, 'forged', true, true, true, 0, false, false) returning pair_id::text as key`,
      params: [f.A.pairId, f.A.runId, f.A.id],
    }),
    update: (f) => ({ text: `update public.pair_signals set too_short = true where pair_id = $1 returning pair_id::text as key`, params: [f.A.pairId] }),
    delete: (f) => ({ text: `delete from public.pair_signals where pair_id = $1 returning pair_id::text as key`, params: [f.A.pairId] }),
  },
  {
    table: 'run_signals',
    key: 'run_id::text',
    grants: { insert: false, update: false, delete: false },
    insert: (f) => ({ text: `insert into public.run_signals (run_id, workspace_id) values ($1, $2) returning run_id::text as key`, params: [f.A.runId, f.A.id] }),
    update: (f) => ({ text: `update public.run_signals set state = 'pending' where run_id = $1 returning run_id::text as key`, params: [f.A.runId] }),
    delete: (f) => ({ text: `delete from public.run_signals where run_id = $1 returning run_id::text as key`, params: [f.A.runId] }),
  },
  {
    table: 'review_batches',
    key: 'id::text',
    grants: { insert: true, update: true, delete: false },
    insert: (f, uid) => ({
      text: `insert into public.review_batches (run_id, workspace_id, actor_id, actor, action, filter, affected)
             values ($1, $2, $3, 'tester', 'reject', '{}', 0) returning id::text as key`,
      params: [f.A.runId, f.A.id, uid as string],
    }),
    ...byId('review_batches', (f) => f.A.batchIds[0], `undone_at = now()`),
    move: moveById('review_batches', (f) => f.B.batchIds[0]),
    crossRef: (f, uid) => ({
      text: `insert into public.review_batches (run_id, workspace_id, actor_id, actor, action, filter, affected)
             values ($1, $2, $3, 'tester', 'reject', '{}', 0) returning id::text as key`,
      params: [f.A.runId, f.B.id, uid],
    }),
  },
  {
    table: 'review_batch_pairs',
    key: `batch_id || '/' || pair_id`,
    readBy: 'admins',
    grants: { insert: true, update: false, delete: true },
    insert: (f) => ({
      text: `insert into public.review_batch_pairs (batch_id, pair_id, workspace_id, previous_state) values ($1, $2, $3, 'approved')
             returning batch_id || '/' || pair_id as key`,
      params: [f.A.batchIds[1], f.A.pairId, f.A.id],
    }),
    update: (f) => ({ text: `update public.review_batch_pairs set previous_state = 'rejected' where batch_id = $1 returning batch_id || '/' || pair_id as key`, params: [f.A.batchIds[0]] }),
    delete: (f) => ({ text: `delete from public.review_batch_pairs where batch_id = $1 returning batch_id || '/' || pair_id as key`, params: [f.A.batchIds[0]] }),
    // Planting undo records in another workspace's batch, or for its pairs, is refused.
    crossRef: (f) => ({
      text: `insert into public.review_batch_pairs (batch_id, pair_id, workspace_id, previous_state) values ($1, $2, $3, 'approved')
             returning batch_id || '/' || pair_id as key`,
      params: [f.A.batchIds[1], f.A.pairId, f.B.id],
    }),
  },
];

const OPERATIONS = ['select', 'insert', 'update', 'delete'] as const;
type Operation = (typeof OPERATIONS)[number];

describe('row level security', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let f: Fixtures;
  let baseline: Fingerprints;
  /** Privileged view: the keys of each table's rows, per workspace. */
  const keys: Record<string, Record<string, string[]>> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    f = await seedFixtures(db.sql);
    for (const c of TABLES) {
      const wsColumn = PUBLIC_TABLES.find((t) => t.table === c.table)!.wsColumn;
      const rows = await db.sql.unsafe<{ key: string; ws: string }[]>(`select ${c.key} as key, ${wsColumn}::text as ws from public.${c.table}`);
      keys[c.table] = {
        [f.A.id]: rows.filter((r) => r.ws === f.A.id).map((r) => r.key).sort(),
        [f.B.id]: rows.filter((r) => r.ws === f.B.id).map((r) => r.key).sort(),
      };
    }
    baseline = await fingerprints(db.sql, [f.A.id, f.B.id]);
  });
  afterAll(() => db?.drop());

  /** The identities of the matrix, with the workspaces each reads and administers. */
  const identities = () => [
    { id: userIdentity('admin', f.users.admin), reads: [f.A.id], administers: [f.A.id] },
    { id: userIdentity('viewer', f.users.viewer), reads: [f.A.id], administers: [] as string[] },
    { id: userIdentity('other admin', f.users.otherAdmin), reads: [f.B.id], administers: [f.B.id] },
    { id: anonIdentity, reads: [] as string[], administers: [] as string[] },
  ];
  const LABELS = ['admin', 'viewer', 'other admin', 'anon'] as const;

  function statementFor(c: TableCase, op: Operation, uid: string | null): Statement {
    if (op === 'select') return { text: `select ${c.key} as key from public.${c.table}` };
    return op === 'insert' ? c.insert(f, uid) : c[op](f);
  }

  /** What the policies intend: all of this is about rows of workspace A. */
  function expected(c: TableCase, op: Operation, who: ReturnType<typeof identities>[number]): Outcome {
    if (who.id.role === 'anon') return { denied: 'privilege' };
    if (op === 'select') return { rows: (c.readBy === 'admins' ? who.administers : who.reads).flatMap((ws) => keys[c.table]![ws]!).sort() };
    if (!c.grants[op]) return { denied: 'privilege' };
    const admin = who.administers.includes(f.A.id);
    if (op === 'insert') return admin ? { rows: [expect.any(String) as string] } : { denied: 'rls' };
    return { rows: admin ? [expect.any(String) as string] : [] };
  }

  it('covers every table of schema public, with fixtures in both workspaces (the matrix is complete, not vacuous)', async () => {
    const tables = await db.sql<{ name: string }[]>`select tablename as name from pg_tables where schemaname = 'public' order by 1`;
    expect(PUBLIC_TABLES.map((t) => t.table).sort()).toEqual(tables.map((t) => t.name));
    for (const { table } of PUBLIC_TABLES) {
      expect(keys[table]?.[f.A.id]?.length, table).toBeGreaterThan(0);
      expect(keys[table]?.[f.B.id]?.length, table).toBeGreaterThan(0);
    }
    expect(TABLES.map((c) => c.table).sort()).toEqual(PUBLIC_TABLES.map((t) => t.table).sort());
  });

  for (const label of LABELS) {
    for (const c of TABLES) {
      for (const op of OPERATIONS) {
        it(`${label} · ${c.table} · ${op}`, async () => {
          const who = identities().find((i) => i.id.label === label)!;
          const { outcome, after } = await attempt(db.sql, who.id, statementFor(c, op, who.id.uid), [f.A.id, f.B.id]);
          expect(outcome).toEqual(expected(c, op, who));
          // Whatever happened, data of workspaces this identity does not administer is untouched.
          for (const ws of [f.A.id, f.B.id].filter((ws) => !who.administers.includes(ws))) {
            expect(after[ws], `data of workspace ${ws === f.A.id ? 'A' : 'B'}`).toEqual(baseline[ws]);
          }
        });
      }
    }
  }

  describe('admin of another workspace', () => {
    for (const c of TABLES.filter((t) => t.move)) {
      it(`other admin · ${c.table} · cannot move a row of B into A`, async () => {
        const who = userIdentity('other admin', f.users.otherAdmin);
        const { outcome, after } = await attempt(db.sql, who, c.move!(f), [f.A.id, f.B.id]);
        const denial = c.grants.update ? ['rls', 'fk'] : ['privilege'];
        expect(denial).toContain((outcome as { denied?: string }).denied);
        expect(after).toEqual(baseline);
      });
    }
    for (const c of TABLES.filter((t) => t.crossRef)) {
      it(`other admin · ${c.table} · cannot insert into B a row pointing at A's data (composite foreign keys)`, async () => {
        const who = userIdentity('other admin', f.users.otherAdmin);
        const { outcome, after } = await attempt(db.sql, who, c.crossRef!(f, f.users.otherAdmin.id), [f.A.id, f.B.id]);
        expect(outcome).toEqual({ denied: 'fk' });
        expect(after).toEqual(baseline);
      });
    }
  });

  describe('team functions, as each identity', () => {
    /** Per function: the call (answering `key`), and what each identity may get back. */
    const calls: { name: string; statement: (f: Fixtures) => Statement; expect: Record<(typeof LABELS)[number], (f: Fixtures) => Outcome> }[] = [
      {
        name: 'add_member_by_email',
        statement: (f) => ({ text: `select private.add_member_by_email($1, $2, 'admin')::text as key`, params: [f.A.id, f.users.nobody.email] }),
        expect: {
          admin: (f) => ({ rows: [f.users.nobody.id] }),
          viewer: () => ({ denied: 'privilege' }),
          'other admin': () => ({ denied: 'privilege' }),
          anon: () => ({ denied: 'privilege' }),
        },
      },
      {
        name: 'create_invitation',
        statement: (f) => ({
          text: `select id::text as key from private.create_invitation($1, 'someone@example.com', 'admin', sha256('fresh'), interval '1 day')`,
          params: [f.A.id],
        }),
        expect: {
          admin: () => ({ rows: [expect.any(String) as string] }),
          viewer: () => ({ denied: 'privilege' }),
          'other admin': () => ({ denied: 'privilege' }),
          anon: () => ({ denied: 'privilege' }),
        },
      },
      {
        name: 'revoke_invitation',
        statement: (f) => ({ text: `select coalesce(id::text, 'none') as key from private.revoke_invitation($1, $2)`, params: [f.A.id, f.A.invitationId] }),
        expect: {
          admin: (f) => ({ rows: [f.A.invitationId] }),
          viewer: () => ({ rows: ['none'] }),
          'other admin': () => ({ rows: ['none'] }),
          anon: () => ({ denied: 'privilege' }),
        },
      },
      {
        name: 'workspace_member_list',
        statement: (f) => ({ text: `select user_id::text as key from private.workspace_member_list($1)`, params: [f.A.id] }),
        expect: {
          admin: (f) => ({ rows: [f.users.admin.id, f.users.viewer.id, f.users.viewer2.id].sort() }),
          viewer: (f) => ({ rows: [f.users.admin.id, f.users.viewer.id, f.users.viewer2.id].sort() }),
          'other admin': () => ({ rows: [] }),
          anon: () => ({ denied: 'privilege' }),
        },
      },
    ];
    for (const call of calls) {
      for (const label of LABELS) {
        it(`${label} · private.${call.name}`, async () => {
          const who = identities().find((i) => i.id.label === label)!;
          const { outcome, after } = await attempt(db.sql, who.id, call.statement(f), [f.A.id, f.B.id]);
          expect(outcome).toEqual(call.expect[label](f));
          for (const ws of [f.A.id, f.B.id].filter((ws) => !who.administers.includes(ws))) {
            expect(after[ws], `data of workspace ${ws === f.A.id ? 'A' : 'B'}`).toEqual(baseline[ws]);
          }
        });
      }
    }

    it('anon cannot create a workspace; a signed-in user creates one that only they administer', async () => {
      expect((await attempt(db.sql, anonIdentity, { text: `select private.create_workspace('Mine')::text as key` }, [f.A.id, f.B.id])).outcome).toEqual({ denied: 'privilege' });
      const created = await asIdentity(db.sql, userIdentity('nobody', f.users.nobody), async (tx) => {
        const [row] = await tx<{ id: string }[]>`select private.create_workspace('Mine')::text as id`;
        return tx<{ user_id: string; role: string }[]>`select user_id::text, role from public.workspace_members where workspace_id = ${row!.id}`;
      });
      expect(created).toEqual([{ user_id: f.users.nobody.id, role: 'admin' }]);
    });

    it('a viewer can leave (delete their own membership) and nobody else’s', async () => {
      const viewer = userIdentity('viewer', f.users.viewer);
      const own = { text: `delete from public.workspace_members where workspace_id = $1 and user_id = $2 returning user_id::text as key`, params: [f.A.id, f.users.viewer.id] };
      const { outcome, after } = await attempt(db.sql, viewer, own, [f.A.id, f.B.id]);
      expect(outcome).toEqual({ rows: [f.users.viewer.id] });
      expect(after[f.B.id]).toEqual(baseline[f.B.id]);
      expect(after[f.A.id]!.workspace_members).not.toEqual(baseline[f.A.id]!.workspace_members);
    });

    it('the last admin of a workspace can be neither removed nor demoted, by anyone', async () => {
      for (const text of [
        `delete from public.workspace_members where workspace_id = $1 and user_id = $2 returning user_id::text as key`,
        `update public.workspace_members set role = 'viewer' where workspace_id = $1 and user_id = $2 returning user_id::text as key`,
      ]) {
        const { outcome, after } = await attempt(db.sql, userIdentity('admin', f.users.admin), { text, params: [f.A.id, f.users.admin.id] }, [f.A.id, f.B.id]);
        expect((outcome as { denied: string }).denied).toMatch(/^P0001: A workspace must keep at least one admin/);
        expect(after).toEqual(baseline);
      }
    });
  });

  describe('run_events is append-only and attributed', () => {
    const events = TABLES.find((c) => c.table === 'run_events')!;
    it.each([
      ['another user', () => f.users.viewer.id],
      ['nobody (null)', () => null],
    ])('admin · run_events · insert claiming actor_id = %s is signed as the admin', async (_, actor) => {
      const insert = events.insert(f, actor());
      const [row] = await asIdentity(db.sql, userIdentity('admin', f.users.admin), (tx) =>
        tx.unsafe<{ actor_id: string; actor: string }[]>(insert.text.replace(/returning .*$/s, 'returning actor_id::text, actor'), insert.params as never[]),
      );
      expect(row).toEqual({ actor_id: f.users.admin.id, actor: f.users.admin.email });
    });
  });

  it('a user who is a member of nothing sees nothing', async () => {
    const counts = await asIdentity(db.sql, userIdentity('nobody', f.users.nobody), async (tx) => {
      const result: Record<string, number> = {};
      for (const { table } of PUBLIC_TABLES) {
        const [row] = await tx.unsafe<{ n: number }[]>(`select count(*)::int as n from public.${table}`);
        result[table] = row!.n;
      }
      return result;
    });
    expect(counts).toEqual(Object.fromEntries(PUBLIC_TABLES.map(({ table }) => [table, 0])));
  });

  it('auth.uid() inside an RLS transaction is the claims’ sub, under the request role', async () => {
    const who = userIdentity('viewer', f.users.viewer);
    const [row] = await asIdentity(db.sql, who, (tx) => tx`select auth.uid()::text as uid, current_user as "user", auth.role() as role`);
    expect(row).toEqual({ uid: f.users.viewer.id, user: 'authenticated', role: 'authenticated' });
    const [anon] = await asIdentity(db.sql, anonIdentity, (tx) => tx`select auth.uid() as uid, current_user as "user"`);
    expect(anon).toEqual({ uid: null, user: 'anon' });
  });

  it('leaves the privileged view of the data unchanged after every attempt', async () => {
    expect(await fingerprints(db.sql, [f.A.id, f.B.id])).toEqual(baseline);
    const [{ n } = { n: -1 }] = await db.sql<{ n: number }[]>`select count(*)::int as n from public.workspaces`;
    expect(n).toBe(2);
  });
});
