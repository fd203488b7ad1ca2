import type { Sql, TransactionSql } from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/db';

/**
 * Catalog checks over the migrated database, read as the `postgres` role: the rules every
 * migration must keep (RLS everywhere, cheap policies, pinned search_path, indexed foreign
 * keys, invoker views, documented tables, nothing for anon). Each check lists its offenders.
 */
const SYSTEM_SCHEMAS = `('pg_catalog', 'information_schema', 'pg_toast')`;
/** Functions that belong to an extension (pgcrypto, uuid-ossp) are not ours to check. */
const NOT_EXTENSION = `not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')`;

type Db = Sql | TransactionSql;

/** Views (and materialized views, which cannot be invoker views) in public that run as their owner. */
async function ownerRightsViews(sql: Db) {
  const rows = await sql<{ name: string }[]>`
    select c.relname || case when c.relkind = 'm' then ' (materialized)' else '' end as name
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('v', 'm')
      and (c.relkind = 'm' or not exists (
        select 1 from unnest(coalesce(c.reloptions, '{}')) o
        where lower(o) in ('security_invoker=true', 'security_invoker=on', 'security_invoker=1', 'security_invoker=yes')))
    order by 1`;
  return rows.map((r) => r.name);
}

/** A sentinel to roll a scratch transaction back. */
class Rollback extends Error {}
async function inRolledBackTransaction<T>(sql: Sql, fn: (tx: TransactionSql) => Promise<T>): Promise<T> {
  let value: T | undefined;
  await sql
    .begin(async (tx) => {
      value = await fn(tx);
      throw new Rollback();
    })
    .catch((error: unknown) => {
      if (!(error instanceof Rollback)) throw error;
    });
  return value as T;
}

describe('catalog', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());

  it('enables RLS on every table in public, each with at least one policy', async () => {
    const tables = await db.sql<{ name: string; rls: boolean; policies: number }[]>`
      select c.relname as name, c.relrowsecurity as rls,
             (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1`;
    expect(tables.length).toBeGreaterThanOrEqual(9);
    expect(tables.filter((t) => !t.rls || t.policies === 0)).toEqual([]);
  });

  it('wraps every auth.uid() / auth.jwt() in a policy as a (select …) subquery, evaluated once per statement', async () => {
    const policies = await db.sql<{ name: string; qual: string | null; with_check: string | null }[]>`
      select tablename || ': ' || policyname as name, qual, with_check from pg_policies where schemaname = 'public'`;
    const calls = /auth\.(uid|jwt|role|email)\(\)/gi;
    const wrapped = /\(\s*select\s+auth\.(uid|jwt|role|email)\(\)/gi;
    let wrappedTotal = 0;
    const offenders: string[] = [];
    for (const policy of policies) {
      for (const [part, expr] of [['using', policy.qual], ['with check', policy.with_check]] as const) {
        const all = expr?.match(calls)?.length ?? 0;
        const ok = expr?.match(wrapped)?.length ?? 0;
        wrappedTotal += ok;
        if (all !== ok) offenders.push(`${policy.name} (${part}): ${expr}`);
      }
    }
    expect(offenders).toEqual([]);
    expect(wrappedTotal, 'the check must see the wrapped calls (e.g. run_events insert)').toBeGreaterThan(0);
  });

  it('grants every policy to authenticated only — none to public or anon', async () => {
    const offenders = await db.sql<{ name: string; roles: string[] }[]>`
      select tablename || ': ' || policyname as name, roles::text[] as roles
      from pg_policies where schemaname = 'public' and roles::text[] <> '{authenticated}' order by 1`;
    expect(offenders).toEqual([]);
  });

  it('pins search_path in every function of public and private', async () => {
    const functions = await db.sql<{ name: string; config: string[] | null }[]>`
      select n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' as name,
             p.proconfig as config
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname in ('public', 'private') and ${db.sql.unsafe(NOT_EXTENSION)} order by 1`;
    expect(functions.length).toBeGreaterThan(0);
    expect(functions.filter((f) => !(f.config ?? []).some((c) => c.startsWith('search_path=')))).toEqual([]);
  });

  it('keeps every security definer function in schema private', async () => {
    const definers = await db.sql<{ name: string }[]>`
      select n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' as name
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where p.prosecdef and n.nspname not in ${db.sql.unsafe(SYSTEM_SCHEMAS)} and ${db.sql.unsafe(NOT_EXTENSION)}
      order by 1`;
    expect(definers.filter((d) => !d.name.startsWith('private.'))).toEqual([]);
    expect(definers.map((d) => d.name)).toContain('private.member_workspace_ids()');
  });

  it('indexes every foreign key (an index whose leading columns are the key’s, in the key’s order, as Supabase’s linter asks)', async () => {
    const keys = await db.sql<{ name: string; indexed: boolean }[]>`
      select c.conrelid::regclass::text || '.' || c.conname || ' (' ||
               (select string_agg(a.attname, ', ') from unnest(c.conkey) k join pg_attribute a
                  on a.attrelid = c.conrelid and a.attnum = k) || ')' as name,
             exists (
               select 1 from pg_index i
               where i.indrelid = c.conrelid and i.indpred is null and i.indnkeyatts >= cardinality(c.conkey)
                 and (string_to_array(i.indkey::text, ' ')::int2[])[1:cardinality(c.conkey)] = c.conkey::int2[]
             ) as indexed
      from pg_constraint c join pg_class r on r.oid = c.conrelid join pg_namespace n on n.oid = r.relnamespace
      where c.contype = 'f' and n.nspname in ('public', 'private') order by 1`;
    expect(keys.length).toBeGreaterThanOrEqual(15);
    // The two hot tables' (run_id, workspace_id) keys are served by their unique index led by
    // run_id (run_id alone names a run); migration 20261202030300 says why no second index.
    const served = keys.filter((k) => !k.indexed).map((k) => k.name.split(' ')[0]);
    expect(served).toEqual(['pairs.pairs_run_id_workspace_id_fkey', 'run_chunks.run_chunks_run_id_workspace_id_fkey']);
    const [{ led } = { led: -1 }] = await db.sql<{ led: number }[]>`
      select count(*)::int as led from pg_index i
      where i.indrelid in ('public.pairs'::regclass, 'public.run_chunks'::regclass) and i.indisunique
        and (select attname from pg_attribute where attrelid = i.indrelid and attnum = i.indkey[0]) = 'run_id'`;
    expect(led).toBe(2);
  });

  it('makes every view in public a security_invoker view', async () => {
    expect(await ownerRightsViews(db.sql)).toEqual([]);
  });

  it('(the view check is real: it flags an owner-rights view and passes an invoker view)', async () => {
    const flagged = await inRolledBackTransaction(db.sql, async (tx) => {
      await tx`create view public.probe_definer as select id from public.workspaces`;
      await tx`create view public.probe_invoker with (security_invoker = on) as select id from public.workspaces`;
      return ownerRightsViews(tx);
    });
    expect(flagged).toEqual(['probe_definer']);
  });

  it('documents every table in public with a comment', async () => {
    const offenders = await db.sql<{ name: string }[]>`
      select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm')
        and coalesce(btrim(obj_description(c.oid, 'pg_class')), '') = '' order by 1`;
    expect(offenders.map((o) => o.name)).toEqual([]);
  });

  it('documents every column of every table and view in public, for people reading it in Studio', async () => {
    const offenders = await db.sql<{ name: string }[]>`
      select c.relname || '.' || a.attname as name
      from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm') and a.attnum > 0 and not a.attisdropped
        and coalesce(btrim(col_description(c.oid, a.attnum)), '') = '' order by 1`;
    expect(offenders.map((o) => o.name)).toEqual([]);
  });

  it('constrains every status / state column (status, state, *_status, *_state) with a CHECK', async () => {
    const columns = await db.sql<{ name: string; checked: boolean }[]>`
      select c.relname || '.' || a.attname as name,
             exists (select 1 from pg_constraint k where k.conrelid = c.oid and k.contype = 'c' and a.attnum = any (k.conkey))
               or t.typtype = 'e'
               or exists (select 1 from pg_constraint k where k.contypid = t.oid and k.contype = 'c') as checked
      from pg_attribute a
      join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
      join pg_type t on t.oid = a.atttypid
      where n.nspname = 'public' and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
        and a.attname ~ '(^|_)(status|state)$'
      order by 1`;
    expect(columns.map((c) => c.name)).toEqual(expect.arrayContaining(['runs.status', 'run_chunks.state', 'pairs.review_state']));
    expect(columns.filter((c) => !c.checked).map((c) => c.name)).toEqual([]);
  });

  it('gives anon no privilege on any table, view or sequence in public', async () => {
    const offenders = await db.sql<{ name: string }[]>`
      select c.relname || ' (' || c.relkind::text || ')' as name
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and (
        (c.relkind in ('r', 'p', 'v', 'm', 'f') and (
          has_table_privilege('anon', c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
          or has_any_column_privilege('anon', c.oid, 'SELECT, INSERT, UPDATE, REFERENCES')))
        or (c.relkind = 'S' and has_sequence_privilege('anon', c.oid, 'USAGE, SELECT, UPDATE')))
      order by 1`;
    expect(offenders.map((o) => o.name)).toEqual([]);
    const defaults = await db.sql<{ acl: string }[]>`
      select d.defaclacl::text as acl from pg_default_acl d
      where d.defaclacl::text ~ '(^|[{,])anon=' order by 1`;
    expect(defaults, 'default privileges that would grant future objects to anon').toEqual([]);
  });

  it('gives authenticated no TRUNCATE, TRIGGER or REFERENCES (they bypass RLS or are not needed)', async () => {
    const offenders = await db.sql<{ name: string }[]>`
      select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p')
        and has_table_privilege('authenticated', c.oid, 'TRUNCATE, TRIGGER, REFERENCES') order by 1`;
    expect(offenders.map((o) => o.name)).toEqual([]);
  });

  it('keeps schema private unusable by anon, and its functions not executable by anon', async () => {
    const [schema] = await db.sql<{ usage: boolean; create: boolean }[]>`
      select has_schema_privilege('anon', 'private', 'USAGE') as usage, has_schema_privilege('anon', 'private', 'CREATE') as create`;
    expect(schema).toEqual({ usage: false, create: false });
    const executable = await db.sql<{ name: string }[]>`
      select n.nspname || '.' || p.proname as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname in ('public', 'private') and ${db.sql.unsafe(NOT_EXTENSION)}
        and has_function_privilege('anon', p.oid, 'EXECUTE') order by 1`;
    expect(executable.map((e) => e.name)).toEqual([]);
    const [publicSchema] = await db.sql<{ create: boolean }[]>`select has_schema_privilege('anon', 'public', 'CREATE') as create`;
    expect(publicSchema).toEqual({ create: false });
  });
});
