import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Sql } from 'postgres';

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../supabase/migrations');

export type Migration = { version: string; name: string; file: string };

const FILE_PATTERN = /^(\d{14})_([a-z0-9_]+)\.sql$/;

export async function listMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((file) => file.endsWith('.sql')).sort();
  return files.map((file) => {
    const match = FILE_PATTERN.exec(file);
    if (!match) throw new Error(`Migration file name must be YYYYMMDDHHmmss_snake_name.sql: ${file}`);
    return { version: match[1]!, name: match[2]!, file: path.join(dir, file) };
  });
}

/**
 * Applies supabase/migrations in order, each in its own transaction, recorded in
 * supabase_migrations.schema_migrations — the Supabase CLI's own table, so that
 * `supabase db push` later sees the same history. Concurrent starts serialise on an
 * advisory transaction lock (safe through a transaction pooler).
 */
export async function migrate(sql: Sql, dir = MIGRATIONS_DIR): Promise<{ applied: string[] }> {
  await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtext('recall.migrations'))`;
    await tx`create schema if not exists supabase_migrations`;
    await tx`create table if not exists supabase_migrations.schema_migrations (
      version text not null primary key, statements text[], name text)`;
  });
  const applied: string[] = [];
  for (const migration of await listMigrations(dir)) {
    const script = await readFile(migration.file, 'utf8');
    const done = await sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(hashtext('recall.migrations'))`;
      const [existing] = await tx<{ statements: string[] | null }[]>`
        select statements from supabase_migrations.schema_migrations where version = ${migration.version}`;
      if (existing) {
        // An applied migration is never edited: the database would silently differ from the files.
        if (existing.statements?.length === 1 && existing.statements[0] !== script) {
          throw new Error(
            `Migration ${path.basename(migration.file)} was changed after it was applied to this database. ` +
              'Restore the applied version and put the change in a new migration.',
          );
        }
        return false;
      }
      try {
        await tx.unsafe(script);
      } catch (error) {
        throw new Error(`Migration ${path.basename(migration.file)} failed: ${(error as Error).message}`, { cause: error });
      }
      await tx`insert into supabase_migrations.schema_migrations (version, statements, name)
               values (${migration.version}, ${[script]}, ${migration.name})`;
      return true;
    });
    if (done) applied.push(migration.version);
  }
  return { applied };
}
