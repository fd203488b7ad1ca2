import postgres, { type Sql, type TransactionSql } from 'postgres';
import { createAuthUser } from '@/lib/boot/seed';

/** Every table of schema public, with the column that names the row's workspace. */
export const PUBLIC_TABLES = [
  { table: 'workspaces', wsColumn: 'id' },
  { table: 'workspace_members', wsColumn: 'workspace_id' },
  { table: 'corpora', wsColumn: 'workspace_id' },
  { table: 'documents', wsColumn: 'workspace_id' },
  { table: 'chunks', wsColumn: 'workspace_id' },
  { table: 'runs', wsColumn: 'workspace_id' },
  { table: 'run_chunks', wsColumn: 'workspace_id' },
  { table: 'pairs', wsColumn: 'workspace_id' },
  { table: 'run_events', wsColumn: 'workspace_id' },
  { table: 'adapters', wsColumn: 'workspace_id' },
  { table: 'training_splits', wsColumn: 'workspace_id' },
  { table: 'test_questions', wsColumn: 'workspace_id' },
  { table: 'membership_events', wsColumn: 'workspace_id' },
  { table: 'workspace_invitations', wsColumn: 'workspace_id' },
  { table: 'pair_signals', wsColumn: 'workspace_id' },
  { table: 'run_signals', wsColumn: 'workspace_id' },
  { table: 'review_batches', wsColumn: 'workspace_id' },
  { table: 'review_batch_pairs', wsColumn: 'workspace_id' },
] as const;
export type TableName = (typeof PUBLIC_TABLES)[number]['table'];

export type User = { id: string; email: string };
export type WorkspaceFixture = {
  id: string;
  corpusId: string;
  documentId: string;
  chunkIds: [string, string];
  runId: string;
  pairId: string;
  questionId: string;
  eventId: string;
  invitationId: string;
  batchIds: [string, string];
};
export type Fixtures = {
  users: { admin: User; viewer: User; viewer2: User; otherAdmin: User; nobody: User };
  A: WorkspaceFixture;
  B: WorkspaceFixture;
};

async function user(sql: Sql, email: string): Promise<User> {
  return { id: await createAuthUser(sql, email, 'rls test password'), email };
}

/** One workspace with one row in every table (two chunks; the run is completed). */
async function seedWorkspace(sql: Sql, name: string, admin: User): Promise<WorkspaceFixture> {
  const [ws] = await sql<{ id: string }[]>`insert into public.workspaces (name) values (${name}) returning id`;
  const id = ws!.id;
  await sql`insert into public.workspace_members (workspace_id, user_id, role) values (${id}, ${admin.id}, 'admin')`;
  const [corpus] = await sql<{ id: string }[]>`
    insert into public.corpora (workspace_id, name, created_by) values (${id}, ${`${name} corpus`}, ${admin.id}) returning id`;
  const corpusId = corpus!.id;
  const [doc] = await sql<{ id: string }[]>`
    insert into public.documents (workspace_id, corpus_id, title, content, content_hash, byte_size, created_by)
    values (${id}, ${corpusId}, 'Handbook', 'First passage. Second passage.', 'h-doc', 30, ${admin.id}) returning id`;
  const documentId = doc!.id;
  const chunks = await sql<{ id: string }[]>`
    insert into public.chunks (workspace_id, corpus_id, document_id, ordinal, content, content_hash, token_count)
    values (${id}, ${corpusId}, ${documentId}, 0, 'First passage.', 'h-0', 3),
           (${id}, ${corpusId}, ${documentId}, 1, 'Second passage.', 'h-1', 3)
    returning id`;
  const chunkIds: [string, string] = [chunks[0]!.id, chunks[1]!.id];
  const [run] = await sql<{ id: string }[]>`
    insert into public.runs (workspace_id, corpus_id, status, total_chunks, processed_chunks, pair_count, created_by)
    values (${id}, ${corpusId}, 'completed', 1, 1, 1, ${admin.id}) returning id`;
  const runId = run!.id;
  await sql`insert into public.run_chunks (run_id, chunk_id, workspace_id, state, attempts)
            values (${runId}, ${chunkIds[0]}, ${id}, 'done', 1)`;
  const [pair] = await sql<{ id: string }[]>`
    insert into public.pairs (run_id, chunk_id, workspace_id, ordinal, question)
    values (${runId}, ${chunkIds[0]}, ${id}, 0, 'What comes first?') returning id`;
  const [event] = await sql<{ id: string }[]>`
    insert into public.run_events (run_id, workspace_id, actor_id, actor, from_status, to_status)
    values (${runId}, ${id}, ${admin.id}, ${admin.email}, 'training', 'completed') returning id`;
  await sql`insert into public.adapters (run_id, workspace_id, embedder, dim, steps_done, weights)
            values (${runId}, ${id}, 'offline-hash-2', 2, 1, decode('00000000000000000000000000000000', 'hex'))`;
  await sql`insert into public.training_splits (run_id, chunk_id, workspace_id, split) values (${runId}, ${chunkIds[0]}, ${id}, 'test')`;
  const [question] = await sql<{ id: string }[]>`
    insert into public.test_questions (workspace_id, corpus_id, question, chunk_id) values (${id}, ${corpusId}, 'What comes first?', ${chunkIds[0]}) returning id::text`;
  // The team log already has the admin's member_added entry (written by the trigger).
  const [invitation] = await sql<{ id: string }[]>`
    insert into public.workspace_invitations (workspace_id, email, role, token_hash, invited_by, expires_at)
    values (${id}, ${`invitee@${name.replace(/\W/g, '').toLowerCase()}.example`}, 'viewer', sha256(${name}::bytea), ${admin.id}, now() + interval '7 days')
    returning id`;
  await sql`insert into public.pair_signals (pair_id, run_id, workspace_id, bm25_rank, embedding_rank, embedder, too_short, too_long, not_question, verbatim_words, verbatim, language_mismatch)
            values (${pair!.id}, ${runId}, ${id}, 1, 1, 'builtin:test:2', false, false, false, 0, false, false)`;
  await sql`insert into public.run_signals (run_id, workspace_id, state) values (${runId}, ${id}, 'done')`;
  const batches = await sql<{ id: string }[]>`
    insert into public.review_batches (run_id, workspace_id, actor_id, actor, action, filter, affected)
    values (${runId}, ${id}, ${admin.id}, ${admin.email}, 'approve', '{}', 1), (${runId}, ${id}, ${admin.id}, ${admin.email}, 'reject', '{}', 0)
    returning id::text as id`;
  await sql`insert into public.review_batch_pairs (batch_id, pair_id, workspace_id, previous_state) values (${batches[0]!.id}, ${pair!.id}, ${id}, 'pending')`;
  return {
    id, corpusId, documentId, chunkIds, runId,
    pairId: String(pair!.id), eventId: String(event!.id), questionId: question!.id, invitationId: invitation!.id,
    batchIds: [batches[0]!.id, batches[1]!.id],
  };
}

/** Users, workspaces A and B and their data, written with the privileged (RLS-bypassing) pool. */
export async function seedFixtures(sql: Sql): Promise<Fixtures> {
  const users = {
    admin: await user(sql, 'admin-a@example.com'),
    viewer: await user(sql, 'viewer-a@example.com'),
    viewer2: await user(sql, 'viewer2-a@example.com'),
    otherAdmin: await user(sql, 'admin-b@example.com'),
    nobody: await user(sql, 'nobody@example.com'),
  };
  const A = await seedWorkspace(sql, 'Workspace A', users.admin);
  const B = await seedWorkspace(sql, 'Workspace B', users.otherAdmin);
  await sql`insert into public.workspace_members (workspace_id, user_id, role)
            values (${A.id}, ${users.viewer.id}, 'viewer'), (${A.id}, ${users.viewer2.id}, 'viewer')`;
  return { users, A, B };
}

export type Identity = { label: string; role: 'anon' | 'authenticated'; claims: Record<string, unknown>; uid: string | null };

export const anonIdentity: Identity = { label: 'anon', role: 'anon', claims: { role: 'anon' }, uid: null };

export function userIdentity(label: string, u: User): Identity {
  return { label, role: 'authenticated', claims: { sub: u.id, role: 'authenticated', email: u.email }, uid: u.id };
}

/** What one statement did: the rows it returned, or why it was refused. */
export type Outcome = { rows: string[] } | { denied: 'rls' | 'privilege' | 'fk' | (string & {}) };

export type Statement = { text: string; params?: string[] };

/** Per table, an md5 over every row of one workspace: equal fingerprints, equal data. */
export type Fingerprints = Record<string, Record<string, string>>;

export async function fingerprints(sql: Sql | TransactionSql, workspaceIds: string[]): Promise<Fingerprints> {
  const parts = PUBLIC_TABLES.map(
    ({ table, wsColumn }) => `select '${table}' as t, x.${wsColumn}::text as ws, md5(string_agg(x::text, '|' order by x::text)) as h
       from public.${table} x where x.${wsColumn} = any($1::uuid[]) group by x.${wsColumn}`,
  );
  const rows = await sql.unsafe<{ t: string; ws: string; h: string }[]>(parts.join('\nunion all\n'), [workspaceIds]);
  const result: Fingerprints = Object.fromEntries(workspaceIds.map((ws) => [ws, {}]));
  for (const { t, ws, h } of rows) result[ws]![t] = h;
  return result;
}

class Rollback<T> extends Error {
  constructor(readonly value: T) {
    super('rollback');
  }
}

/**
 * Runs `fn` in a transaction as `identity` — role and request.jwt.claims set with
 * set_config(…, true), exactly as lib/db/rls.ts and PostgREST do — and always rolls back.
 */
export async function asIdentity<T>(sql: Sql, identity: Identity, fn: (tx: TransactionSql) => Promise<T>): Promise<T> {
  try {
    await sql.begin(async (tx) => {
      await tx`select set_config('role', ${identity.role}, true), set_config('request.jwt.claims', ${JSON.stringify(identity.claims)}, true)`;
      throw new Rollback(await fn(tx));
    });
  } catch (error) {
    if (error instanceof Rollback) return error.value as T;
    throw error;
  }
  throw new Error('unreachable: the attempt was not rolled back');
}

function classify(error: unknown): Outcome {
  if (!(error instanceof postgres.PostgresError)) throw error;
  if (error.code === '42501') return { denied: /row-level security/.test(error.message) ? 'rls' : 'privilege' };
  if (error.code === '23503') return { denied: 'fk' };
  return { denied: `${error.code}: ${error.message}` };
}

/**
 * Runs one statement as `identity` (in a savepoint, so a refusal does not end the
 * transaction), then — back as the privileged session user, still inside the same
 * transaction — fingerprints the data of `watch`ed workspaces. Everything is rolled back.
 */
export async function attempt(
  sql: Sql,
  identity: Identity,
  statement: Statement,
  watch: string[],
): Promise<{ outcome: Outcome; after: Fingerprints }> {
  return asIdentity(sql, identity, async (tx) => {
    let outcome: Outcome;
    try {
      const rows = await tx.savepoint((sp) => sp.unsafe<{ key: string }[]>(statement.text, statement.params ?? []));
      outcome = { rows: rows.map((row) => String(row.key)).sort() };
    } catch (error) {
      outcome = classify(error);
    }
    await tx`select set_config('role', 'none', true)`;
    return { outcome, after: await fingerprints(tx, watch) };
  });
}
