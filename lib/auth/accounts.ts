// No 'server-only' marker: the seed (run by scripts/start.ts outside the react-server
// condition) creates the first account with these. They take a connection and hold no secrets.
import type { Sql, TransactionSql } from 'postgres';

type Db = Sql | TransactionSql;

/**
 * Creates an auth.users row as Supabase Auth would for a confirmed email + password account.
 * The hash is made by pgcrypto's crypt() with a `$2a$` bcrypt salt: what GoTrue writes and
 * what both it and bcryptjs verify.
 */
export async function createAuthUser(sql: Db, email: string, password: string): Promise<string> {
  const [user] = await sql<{ id: string }[]>`
    insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
                            raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
    values ('00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated', 'authenticated',
            ${email.toLowerCase()}, extensions.crypt(${password}, extensions.gen_salt('bf', 10)), now(),
            '{"provider":"email","providers":["email"]}', '{}', now(), now())
    returning id`;
  return user!.id;
}

/** Replaces an account's password (same hashing as createAuthUser). */
export async function setAuthPassword(sql: Db, userId: string, password: string): Promise<void> {
  await sql`
    update auth.users set encrypted_password = extensions.crypt(${password}, extensions.gen_salt('bf', 10)), updated_at = now()
    where id = ${userId}`;
}

export type AuthAccount = { id: string; email: string; encrypted_password: string | null; banned: boolean };

/** The live password account with this email (case-insensitive), if any. */
export async function findAuthAccount(sql: Db, email: string): Promise<AuthAccount | undefined> {
  const [user] = await sql<AuthAccount[]>`
    select id, email, encrypted_password, coalesce(banned_until > now(), false) as banned
    from auth.users
    where lower(email) = ${email.trim().toLowerCase()} and deleted_at is null and not is_sso_user
    order by created_at
    limit 1`;
  return user;
}
