import { randomUUID } from 'node:crypto';
import type { Sql } from 'postgres';
import type { SessionUser } from '@/lib/auth/claims';
import { createAuthUser } from '@/lib/boot/seed';

/** A real auth.users row and the session the app would derive from its access token. */
export async function makeUser(sql: Sql, label: string): Promise<SessionUser> {
  const email = `${label}-${randomUUID().slice(0, 8)}@test.local`;
  const id = await createAuthUser(sql, email, 'test password');
  const now = Math.floor(Date.now() / 1000);
  // Signed in, as the auth server does it: a session row that the token names.
  const [session] = await sql<{ id: string }[]>`
    insert into auth.sessions (id, user_id, created_at, updated_at, aal, not_after)
    values (gen_random_uuid(), ${id}, now(), now(), 'aal1', now() + interval '7 days') returning id`;
  return {
    id,
    email,
    claims: { iss: 'recall', sub: id, aud: 'authenticated', role: 'authenticated', email, iat: now, exp: now + 3600, session_id: session!.id },
  };
}

export async function makeWorkspace(sql: Sql, name: string, members: [SessionUser, 'admin' | 'viewer'][]): Promise<string> {
  const [workspace] = await sql<{ id: string }[]>`insert into public.workspaces (name) values (${name}) returning id`;
  for (const [user, role] of members) {
    await sql`insert into public.workspace_members (workspace_id, user_id, role) values (${workspace!.id}, ${user.id}, ${role})`;
  }
  return workspace!.id;
}

/** The cast most domain tests need: an admin and a viewer of one workspace, and an admin of another. */
export async function makeTeam(sql: Sql, name: string) {
  const [admin, viewer, outsider] = await Promise.all([makeUser(sql, 'admin'), makeUser(sql, 'viewer'), makeUser(sql, 'outsider')]);
  const workspace = await makeWorkspace(sql, name, [
    [admin, 'admin'],
    [viewer, 'viewer'],
  ]);
  await makeWorkspace(sql, `${name} (other)`, [[outsider, 'admin']]);
  return { admin, viewer, outsider, workspace };
}
