import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Sql } from 'postgres';
import type { SessionUser } from '@/lib/auth/claims';
import { startDatabase } from '@/lib/boot/database';
import { createAuthUser } from '@/lib/boot/seed';
import { connect } from '@/lib/db/connect';
import { RUNTIME_URL_VAR } from '@/lib/db/url';

/** A durable embedded database (as `npm start` runs it), with one admin and one workspace. */
export async function benchDatabase(dir: string) {
  const db = await startDatabase({ RECALL_DATA_DIR: path.join(dir, 'engine'), DATABASE_URL: undefined });
  process.env[RUNTIME_URL_VAR] = db.url;
  const sql = connect(db.url, { max: 4 });
  const email = `bench-${randomUUID().slice(0, 8)}@bench.local`;
  const id = await createAuthUser(sql, email, 'bench password');
  const [workspace] = await sql<{ id: string }[]>`insert into public.workspaces (name) values ('Bench') returning id`;
  await sql`insert into public.workspace_members (workspace_id, user_id, role) values (${workspace!.id}, ${id}, 'admin')`;
  const now = Math.floor(Date.now() / 1000);
  const user: SessionUser = { id, email, claims: { iss: 'recall', sub: id, aud: 'authenticated', role: 'authenticated', email, iat: now, exp: now + 86_400 } };
  return { db, sql, user, workspaceId: workspace!.id };
}

/** A corpus of `chunks` distinct passages, written with set-based SQL. */
export async function benchCorpus(sql: Sql, workspaceId: string, chunks: number): Promise<string> {
  const [corpus] = await sql<{ id: string }[]>`
    insert into public.corpora (workspace_id, name) values (${workspaceId}, ${`Bench ${randomUUID().slice(0, 8)}`}) returning id`;
  const [document] = await sql<{ id: string }[]>`
    insert into public.documents (workspace_id, corpus_id, title, content, content_hash, byte_size)
    values (${workspaceId}, ${corpus!.id}, 'Bench', 'Bench', ${randomUUID()}, 5) returning id`;
  await sql`
    insert into public.chunks (workspace_id, corpus_id, document_id, ordinal, content, content_hash, token_count)
    select ${workspaceId}, ${corpus!.id}, ${document!.id}, g,
           'Passage ' || g || '. A run keeps every finished chunk when a worker crashes. Proceed resumes from the true count, and cancel stops the workers within a second.',
           md5('bench' || g), 30
    from generate_series(0, ${chunks - 1}) as g`;
  await sql`analyze public.chunks`;
  return corpus!.id;
}
