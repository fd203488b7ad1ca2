import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLiveUser, liveClaims } from '@/lib/auth/live';
import { endAllSessions, endSession } from '@/lib/auth/sessions';
import { closePool } from '@/lib/db/pool-holder';
import { createTestDatabase, useAppDatabase } from '../support/db';
import { makeUser } from '../support/users';

/**
 * The check behind every request, in both modes (local tokens and Supabase's, which carry the
 * same claims): the user a verified token names must still exist and not be banned, and the
 * session the token names must not have ended. It runs
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

  it('answers for the token’s session: signed out, ended everywhere, expired, missing or forged', async () => {
    const user = await makeUser(db.sql, 'session');
    expect(await isLiveUser(user.claims)).toBe(true);
    // Another session of the same user, and a token without one or with a made-up one.
    const [second] = await db.sql<{ id: string }[]>`
      insert into auth.sessions (id, user_id, created_at, aal) values (gen_random_uuid(), ${user.id}, now(), 'aal1') returning id`;
    const other = { ...user.claims, session_id: second!.id };
    expect(await isLiveUser(other)).toBe(true);
    expect(await isLiveUser({ ...user.claims, session_id: undefined })).toBe(false);
    expect(await isLiveUser({ ...user.claims, session_id: 'not-a-uuid' })).toBe(false);
    expect(await isLiveUser({ ...user.claims, session_id: randomUUID() })).toBe(false);
    // Someone else's session does not make this user's token good.
    const stranger = await makeUser(db.sql, 'stranger');
    expect(await isLiveUser({ ...user.claims, session_id: stranger.claims.session_id })).toBe(false);

    expect(await endSession(user.claims)).toBe(true);
    expect(await isLiveUser(user.claims)).toBe(false);
    expect(await isLiveUser(other)).toBe(true);
    expect(await endSession(user.claims)).toBe(false);

    await db.sql`update auth.sessions set not_after = now() - interval '1 second' where id = ${second!.id}`;
    expect(await isLiveUser(other)).toBe(false);
    expect(await isLiveUser(stranger.claims)).toBe(true);
  });

  it('signs out everywhere, or everywhere else, and only the token’s own user', async () => {
    const user = await makeUser(db.sql, 'everywhere');
    const bystander = await makeUser(db.sql, 'bystander');
    const sessions = await db.sql<{ id: string }[]>`
      insert into auth.sessions (id, user_id, created_at, aal) select gen_random_uuid(), ${user.id}, now(), 'aal1' from generate_series(1, 3) returning id`;
    expect(await endAllSessions(user.claims, { keepCurrent: true })).toBe(3);
    expect(await isLiveUser(user.claims)).toBe(true);
    expect(await isLiveUser({ ...user.claims, session_id: sessions[0]!.id })).toBe(false);
    expect(await endAllSessions(user.claims)).toBe(1);
    expect(await isLiveUser(user.claims)).toBe(false);
    expect(await isLiveUser(bystander.claims)).toBe(true);
    const [left] = await db.sql<{ n: number }[]>`select count(*)::int as n from auth.sessions where user_id = ${user.id}`;
    expect(left!.n).toBe(0);
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
