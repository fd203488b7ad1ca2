import type postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SessionUser } from '@/lib/auth/claims';
import { connect } from '@/lib/db/connect';
import { createTestDatabase, useAppDatabase } from '../support/db';
import { tempDir } from '../support/tmp';
import { makeUser, makeWorkspace } from '../support/users';

/**
 * Teams through the domain functions the API, the pages and the server actions call, as
 * each role, against the real database and its policies and triggers.
 */
describe('teams: workspaces, members, invitations, the last admin and the team log', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let members: typeof import('@/lib/workspaces/members');
  let workspaces: typeof import('@/lib/workspaces/workspaces');
  let invitations: typeof import('@/lib/workspaces/invitations');
  let audit: typeof import('@/lib/workspaces/audit');
  let accept: typeof import('@/lib/auth/invitations');
  const ORIGIN = 'http://recall.test';

  beforeAll(async () => {
    db = await createTestDatabase();
    tmp = await tempDir();
    vi.stubEnv('RECALL_DATA_DIR', tmp.dir);
    vi.stubEnv('NEXT_PUBLIC_SUPABASE_URL', '');
    vi.resetModules();
    await useAppDatabase(db.url);
    members = await import('@/lib/workspaces/members');
    workspaces = await import('@/lib/workspaces/workspaces');
    invitations = await import('@/lib/workspaces/invitations');
    audit = await import('@/lib/workspaces/audit');
    accept = await import('@/lib/auth/invitations');
  });
  afterAll(async () => {
    const { closePool } = await import('@/lib/db/pool-holder');
    await closePool();
    vi.unstubAllEnvs();
    await db.drop();
    await tmp.remove();
  });

  const team = async (name: string) => {
    const [admin, viewer, outsider] = await Promise.all([makeUser(db.sql, 'admin'), makeUser(db.sql, 'viewer'), makeUser(db.sql, 'outsider')]);
    const workspace = await makeWorkspace(db.sql, name, [
      [admin, 'admin'],
      [viewer, 'viewer'],
    ]);
    const other = await makeWorkspace(db.sql, `${name} (other)`, [[outsider, 'admin']]);
    return { admin, viewer, outsider, workspace, other };
  };
  const roles = async (workspace: string) =>
    Object.fromEntries(
      (await db.sql<{ user_id: string; role: string }[]>`select user_id, role from public.workspace_members where workspace_id = ${workspace}`).map((r) => [r.user_id, r.role]),
    );
  const snapshot = async (workspace: string) => ({
    members: await roles(workspace),
    invitations: await db.sql`select id, email, role, accepted_at, revoked_at from public.workspace_invitations where workspace_id = ${workspace} order by id`,
    log: (await db.sql`select count(*)::int as n from public.membership_events where workspace_id = ${workspace}`)[0]!.n as number,
  });
  const code = (promise: Promise<unknown>) =>
    promise.then(
      () => 'ok',
      (error: { code?: string }) => error.code ?? String(error),
    );

  it('creating a workspace makes its creator the only admin, and the log says who did it', async () => {
    const creator = await makeUser(db.sql, 'creator');
    const created = await workspaces.createWorkspace(creator, { name: 'Support team' });
    expect(created).toMatchObject({ name: 'Support team', role: 'admin' });
    expect(await roles(created.id)).toEqual({ [creator.id]: 'admin' });
    const log = await audit.listMembershipEvents(creator, created.id);
    expect(log.map((e) => [e.action, e.actor, e.subject])).toEqual([
      ['member_added', creator.email, creator.email],
      ['workspace_created', creator.email, 'Support team'],
    ]);

    const renamed = await workspaces.renameWorkspace(creator, created.id, { name: 'Support' });
    expect(renamed.name).toBe('Support');
    expect((await audit.listMembershipEvents(creator, created.id))[0]).toMatchObject({ action: 'workspace_renamed', details: { from: 'Support team', to: 'Support' } });
  });

  it('admins add people by email and change roles; viewers and other workspaces cannot, and nothing changes', async () => {
    const t = await team('Adding');
    const colleague = await makeUser(db.sql, 'colleague');
    const added = await members.addMember(t.admin, t.workspace, { email: colleague.email.toUpperCase(), role: 'viewer' }, ORIGIN);
    expect(added).toMatchObject({ member: { user_id: colleague.id, email: colleague.email, role: 'viewer', last_sign_in_at: null } });

    const before = await snapshot(t.workspace);
    const someone = await makeUser(db.sql, 'someone');
    expect(await code(members.addMember(t.admin, t.workspace, { email: colleague.email, role: 'admin' }, ORIGIN))).toBe('already_member');
    expect(await code(members.addMember(t.viewer, t.workspace, { email: someone.email, role: 'viewer' }, ORIGIN))).toBe('forbidden');
    expect(await code(members.addMember(t.outsider, t.workspace, { email: someone.email, role: 'admin' }, ORIGIN))).toBe('not_found');
    expect(await code(members.changeMemberRole(t.viewer, t.workspace, t.viewer.id, 'admin'))).toBe('forbidden');
    expect(await code(members.changeMemberRole(t.outsider, t.workspace, t.viewer.id, 'admin'))).toBe('not_found');
    expect(await code(members.removeMember(t.viewer, t.workspace, t.admin.id))).toBe('forbidden');
    expect(await code(members.removeMember(t.outsider, t.workspace, t.viewer.id))).toBe('not_found');
    expect(await code(members.changeMemberRole(t.admin, t.workspace, someone.id, 'admin'))).toBe('not_found');
    expect(await snapshot(t.workspace)).toEqual(before);

    const promoted = await members.changeMemberRole(t.admin, t.workspace, colleague.id, 'admin');
    expect(promoted.role).toBe('admin');
    const log = await audit.listMembershipEvents(t.admin, t.workspace, 2);
    expect(log.map((e) => [e.action, e.actor, e.subject, e.from_role, e.to_role])).toEqual([
      ['role_changed', t.admin.email, colleague.email, 'viewer', 'admin'],
      ['member_added', t.admin.email, colleague.email, null, 'viewer'],
    ]);
  });

  it('viewers see the members read-only; the team log and invitations are for admins', async () => {
    const t = await team('Reading');
    await members.addMember(t.admin, t.workspace, { email: 'new.person@example.com', role: 'viewer' }, ORIGIN);
    const asViewer = await members.listTeam(t.viewer, t.workspace);
    expect(asViewer.role).toBe('viewer');
    expect(asViewer.members.map((m) => m.email).sort()).toEqual([t.admin.email, t.viewer.email].sort());
    expect(asViewer.invitations).toEqual([]);
    expect(await code(audit.listMembershipEvents(t.viewer, t.workspace))).toBe('forbidden');
    expect(await code(members.listTeam(t.outsider, t.workspace))).toBe('not_found');
    const asAdmin = await members.listTeam(t.admin, t.workspace);
    expect(asAdmin.invitations.map((i) => [i.email, i.role, i.invited_by_email])).toEqual([['new.person@example.com', 'viewer', t.admin.email]]);
  });

  it('a member can leave; a removed member loses access at once; the last admin can neither leave, be removed nor be demoted', async () => {
    const t = await team('Leaving');
    await members.leaveWorkspace(t.viewer, t.workspace);
    expect(await code(members.listTeam(t.viewer, t.workspace))).toBe('not_found');
    expect((await audit.listMembershipEvents(t.admin, t.workspace, 1))[0]).toMatchObject({ action: 'member_left', actor: t.viewer.email, subject: t.viewer.email });

    const before = await snapshot(t.workspace);
    expect(await code(members.leaveWorkspace(t.admin, t.workspace))).toBe('last_admin');
    expect(await code(members.changeMemberRole(t.admin, t.workspace, t.admin.id, 'viewer'))).toBe('last_admin');
    expect(await snapshot(t.workspace)).toEqual(before);

    const second = await makeUser(db.sql, 'second');
    await members.addMember(t.admin, t.workspace, { email: second.email, role: 'viewer' }, ORIGIN);
    expect((await members.listTeam(second, t.workspace)).members).toHaveLength(2);
    await members.removeMember(t.admin, t.workspace, second.id);
    expect(await code(members.listTeam(second, t.workspace))).toBe('not_found');
    expect((await audit.listMembershipEvents(t.admin, t.workspace, 1))[0]).toMatchObject({ action: 'member_removed', actor: t.admin.email, subject: second.email, from_role: 'viewer' });
  });

  describe('the last admin, under concurrency (separate connections, committed transactions)', () => {
    /** One committed transaction as `user`, on its own connection; answers 'ok' or the refusal's hint. */
    const asUser = (sql: postgres.Sql, user: SessionUser, statement: string, params: string[]) =>
      sql
        .begin(async (tx) => {
          await tx`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${JSON.stringify(user.claims)}, true)`;
          return tx.unsafe(statement, params);
        })
        .then(
          (rows) => (rows.length ? 'ok' : 'nothing'),
          (error: postgres.PostgresError) => error.hint ?? error.code,
        );

    it('20 admins demoting themselves at once: 19 pass, one is refused, one admin remains', async () => {
      const admins = await Promise.all(Array.from({ length: 20 }, (_, i) => makeUser(db.sql, `admin${i}`)));
      const workspace = await makeWorkspace(db.sql, 'Twenty admins', admins.map((a) => [a, 'admin'] as [SessionUser, 'admin']));
      const pool = connect(db.url, { max: 20 });
      try {
        const outcomes = await Promise.all(
          admins.map((a) => asUser(pool, a, `update public.workspace_members set role = 'viewer' where workspace_id = $1 and user_id = $2 returning 1`, [workspace, a.id])),
        );
        expect(outcomes.filter((o) => o === 'ok')).toHaveLength(19);
        expect(outcomes.filter((o) => o !== 'ok')).toEqual(['recall:last_admin']);
      } finally {
        await pool.end();
      }
      expect(Object.values(await roles(workspace)).filter((r) => r === 'admin')).toHaveLength(1);
    });

    it('two admins demoting (or removing) each other at once never leave a workspace without an admin: 10 workspaces, 20 attempts', async () => {
      const pairs = await Promise.all(
        Array.from({ length: 10 }, async (_, i) => {
          const [a, b] = await Promise.all([makeUser(db.sql, `pa${i}`), makeUser(db.sql, `pb${i}`)]);
          const workspace = await makeWorkspace(db.sql, `Pair ${i}`, [
            [a, 'admin'],
            [b, 'admin'],
          ]);
          return { a, b, workspace, remove: i % 2 === 1 };
        }),
      );
      const pool = connect(db.url, { max: 20 });
      try {
        const demote = `update public.workspace_members set role = 'viewer' where workspace_id = $1 and user_id = $2 returning 1`;
        const remove = `delete from public.workspace_members where workspace_id = $1 and user_id = $2 returning 1`;
        const outcomes = await Promise.all(
          pairs.flatMap(({ a, b, workspace, remove: removing }) => [
            asUser(pool, a, removing ? remove : demote, [workspace, b.id]),
            asUser(pool, b, demote, [workspace, a.id]),
          ]),
        );
        for (const [i, { workspace }] of pairs.entries()) {
          const pair = outcomes.slice(2 * i, 2 * i + 2);
          // The first to commit wins; the other is refused by the trigger, or (demoted or removed
          // meanwhile) is no longer an admin and its statement matches no row.
          expect(pair.filter((o) => o === 'ok'), `pair ${i}: ${pair.join(', ')}`).toHaveLength(1);
          expect(['recall:last_admin', 'nothing']).toContain(pair.find((o) => o !== 'ok'));
          expect(Object.values(await roles(workspace))).toContain('admin');
        }
      } finally {
        await pool.end();
      }
    });
  });

  describe('invitations (embedded sign-in)', () => {
    const tokenOf = (url: string) => new URL(url).searchParams.get('token')!;

    it('an email without an account gets a single-use link, stored hashed; accepting creates the account, joins and signs in', async () => {
      const t = await team('Inviting');
      const added = await members.addMember(t.admin, t.workspace, { email: 'Newcomer@Example.com', role: 'viewer' }, ORIGIN);
      if (!('invitation' in added)) throw new Error('expected an invitation');
      const { invitation } = added;
      expect(invitation.url.startsWith(`${ORIGIN}/invite?token=`)).toBe(true);
      const token = tokenOf(invitation.url);
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(invitation.expires_at.getTime() - Date.now()).toBeGreaterThan(6.9 * 86400_000);
      const [stored] = await db.sql`select email, encode(token_hash, 'hex') as hash from public.workspace_invitations where id = ${invitation.id}`;
      expect(stored).toEqual({ email: 'newcomer@example.com', hash: invitations.invitationTokenHash(token).toString('hex') });
      expect(JSON.stringify(await db.sql`select * from public.workspace_invitations`)).not.toContain(token);

      expect(await accept.previewInvitation(token)).toEqual({ workspace: 'Inviting', email: 'newcomer@example.com', role: 'viewer', hasAccount: false });
      const session = await accept.acceptInvitation({ token, password: 'a good long password', client: 'c-invite', userAgent: 'test' });
      expect(session.workspaceId).toBe(t.workspace);
      const [account] = await db.sql`select id from auth.users where email = 'newcomer@example.com'`;
      expect((await roles(t.workspace))[account!.id as string]).toBe('viewer');
      expect(await db.sql`select 1 from auth.sessions where user_id = ${account!.id as string}`).toHaveLength(1);
      expect((await audit.listMembershipEvents(t.admin, t.workspace, 2)).map((e) => [e.action, e.actor])).toEqual([
        ['invitation_accepted', 'newcomer@example.com'],
        ['member_added', 'newcomer@example.com'],
      ]);

      // Once only.
      expect(await accept.previewInvitation(token)).toBeNull();
      expect(await code(accept.acceptInvitation({ token, password: 'another good password', client: 'c-invite', userAgent: 'test' }))).toBe('invitation_invalid');
    });

    it('works exactly once under concurrent acceptance', async () => {
      const t = await team('Racing');
      const added = await members.addMember(t.admin, t.workspace, { email: 'racer@example.com', role: 'admin' }, ORIGIN);
      if (!('invitation' in added)) throw new Error('expected an invitation');
      const token = tokenOf(added.invitation.url);
      const outcomes = await Promise.all(
        Array.from({ length: 5 }, (_, i) => code(accept.acceptInvitation({ token, password: `racing password ${i}`, client: `c${i}`, userAgent: 'test' }))),
      );
      expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
      expect(outcomes.filter((o) => o !== 'ok')).toEqual(Array(4).fill('invitation_invalid'));
      expect(await db.sql`select 1 from auth.users where email = 'racer@example.com'`).toHaveLength(1);
    });

    it('does not work after expiry or revocation, or when replaced by a newer link; nothing changes', async () => {
      const t = await team('Expiring');
      const first = await members.addMember(t.admin, t.workspace, { email: 'late@example.com', role: 'viewer' }, ORIGIN);
      const second = await members.addMember(t.admin, t.workspace, { email: 'late@example.com', role: 'admin' }, ORIGIN);
      const revoked = await members.addMember(t.admin, t.workspace, { email: 'revoked@example.com', role: 'viewer' }, ORIGIN);
      if (!('invitation' in first) || !('invitation' in second) || !('invitation' in revoked)) throw new Error('expected invitations');
      await db.sql`update public.workspace_invitations set created_at = now() - interval '8 days', expires_at = now() - interval '1 day' where id = ${second.invitation.id}`;
      expect(await code(invitations.revokeInvitation(t.viewer, t.workspace, revoked.invitation.id))).toBe('forbidden');
      expect(await code(invitations.revokeInvitation(t.outsider, t.workspace, revoked.invitation.id))).toBe('not_found');
      expect(await code(invitations.revokeInvitation(t.outsider, t.other, revoked.invitation.id))).toBe('not_found');
      await invitations.revokeInvitation(t.admin, t.workspace, revoked.invitation.id);
      expect(await code(invitations.revokeInvitation(t.admin, t.workspace, revoked.invitation.id))).toBe('not_found');

      const before = await snapshot(t.workspace);
      for (const { invitation } of [first, second, revoked]) {
        expect(await accept.previewInvitation(tokenOf(invitation.url))).toBeNull();
        expect(await code(accept.acceptInvitation({ token: tokenOf(invitation.url), password: 'a good long password', client: 'c-late', userAgent: 'test' }))).toBe(
          'invitation_invalid',
        );
      }
      expect(await code(accept.acceptInvitation({ token: 'x'.repeat(43), password: 'a good long password', client: 'c-late', userAgent: 'test' }))).toBe('invitation_invalid');
      expect(await snapshot(t.workspace)).toEqual(before);
      expect(await db.sql`select 1 from auth.users where email in ('late@example.com', 'revoked@example.com')`).toHaveLength(0);
    });

    it('an email that got an account since must prove it with that password (under the sign-in limits)', async () => {
      const t = await team('Existing');
      const added = await members.addMember(t.admin, t.workspace, { email: 'since@example.com', role: 'viewer' }, ORIGIN);
      if (!('invitation' in added)) throw new Error('expected an invitation');
      const { createAuthUser } = await import('@/lib/auth/accounts');
      const id = await createAuthUser(db.sql, 'since@example.com', 'the existing password');
      const token = tokenOf(added.invitation.url);
      expect(await accept.previewInvitation(token)).toMatchObject({ hasAccount: true });
      expect(await code(accept.acceptInvitation({ token, password: 'a wrong password', client: 'c-since', userAgent: 'test' }))).toBe('invalid_credentials');
      expect((await roles(t.workspace))[id]).toBeUndefined();
      await accept.acceptInvitation({ token, password: 'the existing password', client: 'c-since', userAgent: 'test' });
      expect((await roles(t.workspace))[id]).toBe('viewer');
    });
  });

  it('with Supabase Auth, an email without an account there is named as such, and no invitation is made', async () => {
    const t = await team('Supabase');
    vi.stubEnv('NEXT_PUBLIC_SUPABASE_URL', 'http://127.0.0.1:9');
    vi.stubEnv('NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY', 'sb_publishable_test');
    vi.stubEnv('DATABASE_URL', db.url); // the Supabase project's Postgres: here, the test database
    // Fresh modules read the environment anew (env() is parsed once per module instance).
    await (await import('@/lib/db/pool-holder')).closePool();
    vi.resetModules();
    try {
      const supabaseMembers = await import('@/lib/workspaces/members');
      const before = await snapshot(t.workspace);
      const refused = await supabaseMembers.addMember(t.admin, t.workspace, { email: 'nobody.there@example.com', role: 'viewer' }, ORIGIN).catch((e: Error & { code?: string }) => e);
      expect(refused).toMatchObject({ code: 'no_account', message: expect.stringContaining('No Supabase Auth account has the email nobody.there@example.com') });
      expect(await snapshot(t.workspace)).toEqual(before);
      const colleague = await makeUser(db.sql, 'supabase-colleague');
      expect(await supabaseMembers.addMember(t.admin, t.workspace, { email: colleague.email, role: 'viewer' }, ORIGIN)).toMatchObject({ member: { user_id: colleague.id } });
    } finally {
      vi.stubEnv('NEXT_PUBLIC_SUPABASE_URL', '');
      vi.stubEnv('NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY', '');
      vi.stubEnv('DATABASE_URL', '');
    }
  });
});
