import postgres, { type Sql, type TransactionSql } from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '@/lib/db/connect';
import { createTestDatabase } from '../support/db';
import { fingerprints, seedFixtures, userIdentity, type Fixtures, type Identity } from '../support/rls';

/**
 * Supabase's Data API (PostgREST) connects as `authenticator` and switches to the request's
 * role and claims. Through it, members read under RLS like everywhere else, but the tables
 * whose consistency Recall keeps (runs, run_chunks, pairs, run_events) refuse direct writes;
 * writes that follow from an allowed change (a deleted document cascading) still happen.
 */
describe('the Data API boundary', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let superuser: Sql;
  let f: Fixtures;
  let admin: Identity;

  beforeAll(async () => {
    db = await createTestDatabase();
    superuser = connect(db.adminUrl, { max: 2 });
    f = await seedFixtures(db.sql);
    admin = userIdentity('admin A', f.users.admin);
  });
  afterAll(async () => {
    await superuser.end();
    await db.drop();
  });

  /** As PostgREST runs a request: session user authenticator, then role and claims; rolled back. */
  async function viaDataApi<T>(identity: Identity, fn: (tx: TransactionSql) => Promise<T>): Promise<T> {
    let result: T | undefined;
    await superuser
      .begin(async (tx) => {
        await tx`set local session authorization authenticator`;
        await tx`select set_config('role', ${identity.role}, true), set_config('request.jwt.claims', ${JSON.stringify(identity.claims)}, true)`;
        result = await fn(tx);
        throw new Error('rollback');
      })
      .catch((error: Error) => {
        if (error.message !== 'rollback') throw error;
      });
    return result as T;
  }

  it('lets members read their own runs under RLS', async () => {
    const runs = await viaDataApi(admin, (tx) => tx<{ id: string }[]>`select id from public.runs`);
    expect(runs.map((r) => r.id)).toEqual([f.A.runId]);
  });

  const writes = [
    ['runs', 'set a status, a counter and a lineage mark', (A: Fixtures['A']) => `update public.runs set status = 'completed', pair_count = 999, continued_at = now() where id = '${A.runId}'`],
    ['runs', 'delete a run', (A: Fixtures['A']) => `delete from public.runs where id = '${A.runId}'`],
    ['runs', 'insert a run', (A: Fixtures['A']) => `insert into public.runs (workspace_id, corpus_id, status) values ('${A.id}', '${A.corpusId}', 'training')`],
    ['run_chunks', 'send chunks back to pending', (A: Fixtures['A']) => `update public.run_chunks set state = 'pending' where run_id = '${A.runId}'`],
    ['run_chunks', 'mark a chunk done', (A: Fixtures['A']) => `insert into public.run_chunks (run_id, chunk_id, workspace_id, state) values ('${A.runId}', '${A.chunkIds[1]}', '${A.id}', 'done')`],
    ['pairs', 'review pairs', (A: Fixtures['A']) => `update public.pairs set review_state = 'approved', question = 'Forged?' where run_id = '${A.runId}'`],
    ['pairs', 'insert a pair', (A: Fixtures['A']) => `insert into public.pairs (run_id, chunk_id, workspace_id, ordinal, question) values ('${A.runId}', '${A.chunkIds[0]}', '${A.id}', 5, 'Forged?')`],
    ['run_events', 'insert an event', (A: Fixtures['A']) => `insert into public.run_events (run_id, workspace_id, actor, to_status) values ('${A.runId}', '${A.id}', 'x', 'completed')`],
  ] as const;

  it.each(writes)('refuses a direct write to %s (%s) and changes nothing', async (table, _label, statement) => {
    const before = await fingerprints(db.sql, [f.A.id]);
    const outcome = await viaDataApi(admin, async (tx) => {
      try {
        await tx.savepoint((sp) => sp.unsafe(statement(f.A)));
        return 'written';
      } catch (error) {
        return error instanceof postgres.PostgresError ? `${error.code}: ${error.message}` : String(error);
      }
    });
    expect(outcome).toBe(`42501: ${table} is changed only through Recall's API or dashboard`);
    expect(await fingerprints(db.sql, [f.A.id])).toEqual(before);
  });

  it.each([
    ['chunks', "update public.chunks set content = 'Rewritten passage.' where document_id = '%doc%'"],
    ['chunks', "update public.chunks set content_hash = md5('forged') where document_id = '%doc%'"],
    ['documents', "update public.documents set content = 'Rewritten document.' where id = '%doc%'"],
  ] as const)('refuses rewriting the text of %s (the pairs cite it), through the Data API and from Recall alike', async (_table, template) => {
    const statement = template.replace('%doc%', f.A.documentId);
    const before = await fingerprints(db.sql, [f.A.id]);
    const outcome = await viaDataApi(admin, async (tx) => {
      try {
        await tx.savepoint((sp) => sp.unsafe(statement));
        return 'written';
      } catch (error) {
        return error instanceof postgres.PostgresError ? error.code : String(error);
      }
    });
    expect(outcome).toBe('42501');
    await expect(db.sql.unsafe(statement)).rejects.toMatchObject({ code: '42501' });
    expect(await fingerprints(db.sql, [f.A.id])).toEqual(before);
    // A document's title stays editable.
    const renamed = await viaDataApi(admin, (tx) => tx`update public.documents set title = 'Renamed' where id = ${f.A.documentId} returning title`);
    expect(renamed).toEqual([{ title: 'Renamed' }]);
  });

  it('still lets an admin delete a document there; its run rows go with it and the counters follow', async () => {
    const after = await viaDataApi(admin, async (tx) => {
      await tx`delete from public.documents where id = ${f.A.documentId}`;
      return tx`
        select r.total_chunks, r.processed_chunks, r.pair_count, r.chunks_removed,
               (select count(*)::int from public.run_chunks where run_id = r.id) as rows,
               (select count(*)::int from public.pairs where run_id = r.id) as pairs
        from public.runs r where r.id = ${f.A.runId}`;
    });
    expect(after[0]).toEqual({ total_chunks: 0, processed_chunks: 0, pair_count: 0, chunks_removed: 1, rows: 0, pairs: 0 });
  });
});
