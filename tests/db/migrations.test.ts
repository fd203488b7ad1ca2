import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyCompatBootstrap, isSupabase } from '@/lib/db/compat/bootstrap';
import { connect } from '@/lib/db/connect';
import { listMigrations, migrate } from '@/lib/db/migrate';
import { createTestDatabase } from '../support/db';
import { tempDir } from '../support/tmp';

describe('migrations', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    db = await createTestDatabase();
    tmp = await tempDir();
  });
  afterAll(async () => {
    await db.drop();
    await tmp.remove();
  });

  it('records every migration in the Supabase CLI history table, in order', async () => {
    const files = await listMigrations();
    const rows = await db.sql<{ version: string; name: string }[]>`
      select version, name from supabase_migrations.schema_migrations order by version`;
    expect(rows).toEqual(files.map(({ version, name }) => ({ version, name })));
    expect(files.length).toBeGreaterThanOrEqual(3);
  });

  it('applies nothing twice', async () => {
    expect(await migrate(db.sql)).toEqual({ applied: [] });
  });

  it('runs as the non-superuser postgres role, which owns the schema', async () => {
    const [me] = await db.sql`select current_user as name, rolsuper as super, rolbypassrls as bypass
                              from pg_roles where rolname = current_user`;
    expect(me).toEqual({ name: 'postgres', super: false, bypass: true });
    const owners = await db.sql`select distinct tableowner from pg_tables where schemaname = 'public'`;
    expect(owners).toEqual([{ tableowner: 'postgres' }]);
  });

  it('bootstraps and migrates a fresh database as a non-superuser owner whose roles an administrator made (DATABASE_URL on a managed Postgres)', async () => {
    const name = `fresh_${Date.now().toString(36)}`;
    const superuser = connect(db.adminUrl, { max: 1 });
    await superuser.unsafe(`create database ${name} owner postgres`);
    const owner = connect(db.url.replace(/\/[^/]+$/, `/${name}`), { max: 1 });
    try {
      const [me] = await owner`select rolsuper from pg_roles where rolname = current_user`;
      expect(me).toEqual({ rolsuper: false });
      expect(await applyCompatBootstrap(owner)).toEqual({ applied: true });
      expect((await migrate(owner)).applied.length).toBe((await listMigrations()).length);
      // A second start changes nothing.
      expect(await applyCompatBootstrap(owner)).toEqual({ applied: false });
      expect(await migrate(owner)).toEqual({ applied: [] });
    } finally {
      await owner.end();
      await superuser.unsafe(`drop database ${name} with (force)`);
      await superuser.end();
    }
  });

  it('rolls a failing migration back whole and does not record it', async () => {
    const dir = path.join(tmp.dir, 'migrations');
    await mkdir(dir);
    await writeFile(path.join(dir, '20990101000000_half_done.sql'), 'create table public.half_done (id int);\nselect 1/0;');
    await expect(migrate(db.sql, dir)).rejects.toThrow(/Migration 20990101000000_half_done\.sql failed: division by zero/);
    expect(await db.sql`select to_regclass('public.half_done') as t`).toEqual([{ t: null }]);
    expect(await db.sql`select 1 from supabase_migrations.schema_migrations where version = '20990101000000'`).toHaveLength(0);
  });

  it('rejects migration files not named like the Supabase CLI expects', async () => {
    const dir = path.join(tmp.dir, 'badly-named');
    await mkdir(dir);
    await writeFile(path.join(dir, 'create_things.sql'), 'select 1');
    await expect(listMigrations(dir)).rejects.toThrow(/YYYYMMDDHHmmss_snake_name\.sql: create_things\.sql/);
  });

  it('bootstraps a plain Postgres database once, then migrates it as postgres', async () => {
    const name = `plain_${Date.now()}`;
    const root = connect(db.adminUrl, { max: 1 });
    await root.unsafe(`create database ${name}`);
    const plain = connect(db.adminUrl.replace(/\/[^/]+$/, `/${name}`), { max: 1 });
    const asPostgres = connect(db.url.replace(/\/[^/]+$/, `/${name}`), { max: 1 });
    try {
      expect(await plain`select to_regclass('auth.users') as t`).toEqual([{ t: null }]);
      await expect(applyCompatBootstrap(plain)).resolves.toEqual({ applied: true });
      await expect(applyCompatBootstrap(plain)).resolves.toEqual({ applied: false });
      const { applied } = await migrate(asPostgres);
      expect(applied.length).toBe((await listMigrations()).length);
    } finally {
      await plain.end();
      await asPostgres.end();
      await root.unsafe(`drop database ${name} with (force)`);
      await root.end();
    }
  });

  it('skips the bootstrap on a real Supabase auth schema', async () => {
    const admin = connect(db.adminUrl, { max: 1 });
    try {
      expect(await isSupabase(admin)).toBe(false);
      await admin`comment on schema auth is 'Supabase auth'`;
      expect(await isSupabase(admin)).toBe(true);
      await expect(applyCompatBootstrap(admin)).resolves.toEqual({ applied: false });
    } finally {
      await admin.end();
    }
  });

  it('refuses to start when an applied migration was edited', async () => {
    const dir = path.join(tmp.dir, 'edited');
    await mkdir(dir);
    const file = path.join(dir, '20990202000000_editable.sql');
    await writeFile(file, 'create table public.editable (id int);');
    await migrate(db.sql, dir);
    await writeFile(file, 'create table public.editable (id bigint);');
    await expect(migrate(db.sql, dir)).rejects.toThrow(/20990202000000_editable\.sql was changed after it was applied/);
  });

  it('gives auth.uid(), auth.role(), auth.email() and auth.jwt() Supabase semantics', async () => {
    const claims = { sub: '6f1f7a8e-5a3e-4c55-9a57-2d3c0c1b9e01', role: 'authenticated', email: 'a@example.com' };
    const [row] = await db.sql.begin(async (tx) => {
      await tx`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${JSON.stringify(claims)}, true)`;
      return tx`select auth.uid() as uid, auth.role() as role, auth.email() as email, auth.jwt() ->> 'sub' as sub, current_user as "user"`;
    });
    expect(row).toEqual({ uid: claims.sub, role: 'authenticated', email: 'a@example.com', sub: claims.sub, user: 'authenticated' });
    const [anon] = await db.sql`select auth.uid() as uid, auth.jwt() as jwt`;
    expect(anon).toEqual({ uid: null, jwt: null });
  });
});
