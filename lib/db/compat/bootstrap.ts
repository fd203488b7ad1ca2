import { readFile } from 'node:fs/promises';
import type { Sql } from 'postgres';

export const COMPAT_MARKER = 'Recall local Supabase compatibility bootstrap';
/** Bumped whenever what supabase-compat.sql creates changes (not for how it gets there); a database already at it is left alone. */
export const COMPAT_VERSION = 2;

/**
 * Hosted Supabase already has an `auth` schema (owned by its own roles, without our
 * marker comment); anything else gets the compatibility bootstrap.
 */
export async function isSupabase(sql: Sql): Promise<boolean> {
  const [row] = await sql<{ comment: string | null }[]>`
    select obj_description(n.oid, 'pg_namespace') as comment
    from pg_namespace n where n.nspname = 'auth'`;
  return row !== undefined && !(row.comment ?? '').startsWith(COMPAT_MARKER);
}

/**
 * Applies the compatibility bootstrap: as a superuser (the embedded cluster), or as the owner
 * of a database on a plain or managed Postgres, where the roles may already exist.
 */
export async function applyCompatBootstrap(sql: Sql, options: { postgresPassword?: string } = {}) {
  if (await isSupabase(sql)) return { applied: false as const };
  const [current] = await sql<{ comment: string | null }[]>`
    select obj_description(n.oid, 'pg_namespace') as comment from pg_namespace n where n.nspname = 'auth'`;
  if (current?.comment?.includes(`(v${COMPAT_VERSION})`)) return { applied: false as const };
  const script = await readFile(new URL('./supabase-compat.sql', import.meta.url), 'utf8');
  await sql.begin(async (tx) => {
    // Roles are cluster-wide: serialise concurrent bootstraps (parallel test databases).
    await tx`select pg_advisory_xact_lock(hashtext('recall.compat_bootstrap'))`;
    await tx.unsafe(script);
    await tx.unsafe(`comment on schema auth is '${COMPAT_MARKER} (v${COMPAT_VERSION}): GoTrue-shaped auth schema'`);
    if (options.postgresPassword !== undefined) {
      const literal = `'${options.postgresPassword.replaceAll("'", "''")}'`;
      await tx.unsafe(`alter role postgres with login password ${literal}`);
    }
  });
  return { applied: true as const };
}
