import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLiveUser, liveClaims } from '@/lib/auth/live';
import { closePool } from '@/lib/db/pool-holder';
import { createTestDatabase, useAppDatabase } from '../support/db';
import { makeUser } from '../support/users';

/**
 * The check behind every request, in both modes (local tokens and Supabase's, which carry the
 * same claims): the user a verified token names must still exist and not be banned. It runs
 * under the token's own role and claims.
 */
describe('live users', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    db = await createTestDatabase();
    await useAppDatabase(db.url);
  });
  afterAll(async () => {
    await closePool();
    await db.drop();
  });

  it('answers for the token’s own user: live, banned, soft-deleted, deleted', async () => {
    const user = await makeUser(db.sql, 'live');
    expect(await isLiveUser(user.claims)).toBe(true);
    await db.sql`update auth.users set banned_until = now() + interval '1 hour' where id = ${user.id}`;
    expect(await isLiveUser(user.claims)).toBe(false);
    await db.sql`update auth.users set banned_until = now() - interval '1 hour' where id = ${user.id}`;
    expect(await isLiveUser(user.claims)).toBe(true);
    await db.sql`update auth.users set deleted_at = now() where id = ${user.id}`;
    expect(await isLiveUser(user.claims)).toBe(false);
    await db.sql`delete from auth.users where id = ${user.id}`;
    expect(await liveClaims(user.claims)).toBeNull();
    expect(await isLiveUser({ ...user.claims, sub: randomUUID() })).toBe(false);
  });

  it('cannot be asked about someone else: it reads auth.uid() from the claims, and anon is nobody', async () => {
    const alive = await makeUser(db.sql, 'alive');
    const [privileges] = await db.sql`
      select has_function_privilege('anon', 'private.current_user_is_live()', 'execute') as anon,
             has_function_privilege('authenticated', 'private.current_user_is_live()', 'execute') as authenticated`;
    expect(privileges).toEqual({ anon: false, authenticated: true });
    expect(await liveClaims(alive.claims)).toEqual(alive.claims);
  });
});
