import { randomUUID } from 'node:crypto';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { createAuthUser } from '@/lib/boot/seed';
import { E2E_DATA_DIR } from '../../playwright.config';
import { adminHeaders } from './support/api';
import { connectToDataDir } from './support/db';

/** The team API for scripts: its shapes and status codes, and bad input refused with nothing changed. */
test.use({ storageState: { cookies: [], origins: [] } });
const sql = connectToDataDir(E2E_DATA_DIR);
test.afterAll(async () => sql.end());

const unique = (label: string) => `${label}-${randomUUID().slice(0, 8)}@e2e.test`;

async function account(request: APIRequestContext, label: string) {
  const email = unique(label);
  const userId = await createAuthUser(sql, email, `${label}-password`);
  const { access_token } = await (await request.post('/api/auth/token', { data: { email, password: `${label}-password` } })).json();
  return { email, userId, headers: { Authorization: `Bearer ${access_token as string}` } };
}

/** Everything about a workspace's team, to show that a refused request changed nothing. */
const teamState = async (workspaceId: string) => ({
  workspace: await sql`select name from public.workspaces where id = ${workspaceId}`,
  members: await sql`select user_id, role from public.workspace_members where workspace_id = ${workspaceId} order by user_id`,
  invitations: await sql`select id, email, role, accepted_at, revoked_at from public.workspace_invitations where workspace_id = ${workspaceId} order by id`,
});

test('workspaces and members through the API: create, rename, list, add, invite, change role, remove, leave, revoke', async ({ request }) => {
  const owner = await account(request, 'owner');
  const created = await request.post('/api/workspaces', { headers: owner.headers, data: { name: '  Research  ' } });
  expect(created.status()).toBe(201);
  const { workspace } = await created.json();
  expect(workspace).toEqual({ id: expect.any(String), name: 'Research', role: 'admin' });
  expect(await (await request.get('/api/workspaces', { headers: owner.headers })).json()).toEqual({ workspaces: [workspace] });

  const renamed = await request.patch(`/api/workspaces/${workspace.id}`, { headers: owner.headers, data: { name: 'Research lab' } });
  expect(await renamed.json()).toEqual({ workspace: { ...workspace, name: 'Research lab' } });

  const colleague = await account(request, 'colleague');
  const added = await request.post(`/api/workspaces/${workspace.id}/members`, { headers: owner.headers, data: { email: colleague.email, role: 'viewer' } });
  expect(added.status()).toBe(201);
  expect(await added.json()).toEqual({ member: { user_id: colleague.userId, email: colleague.email, role: 'viewer', joined_at: expect.any(String), last_sign_in_at: expect.any(String) } });

  const invited = await request.post(`/api/workspaces/${workspace.id}/members`, { headers: owner.headers, data: { email: 'Future@Example.com', role: 'admin' } });
  expect(invited.status()).toBe(201);
  expect(invited.headers()['cache-control']).toBe('no-store');
  const { invitation } = await invited.json();
  expect(invitation).toEqual({ id: expect.any(String), email: 'future@example.com', role: 'admin', created_at: expect.any(String), expires_at: expect.any(String), url: expect.stringMatching(/\/invite\?token=[A-Za-z0-9_-]{43}$/) });

  const listed = await (await request.get(`/api/workspaces/${workspace.id}/members`, { headers: owner.headers })).json();
  expect(listed.members.map((m: { email: string; role: string }) => [m.email, m.role])).toEqual(
    expect.arrayContaining([
      [owner.email, 'admin'],
      [colleague.email, 'viewer'],
    ]),
  );
  expect(listed.members[0]).toEqual({ user_id: expect.any(String), email: expect.any(String), role: expect.any(String), joined_at: expect.any(String), last_sign_in_at: expect.any(String) });
  expect(listed.invitations).toEqual([{ id: invitation.id, email: 'future@example.com', role: 'admin', created_at: invitation.created_at, expires_at: invitation.expires_at }]);
  // Viewers read the members, not the invitations.
  expect((await (await request.get(`/api/workspaces/${workspace.id}/members`, { headers: colleague.headers })).json()).invitations).toEqual([]);

  const promoted = await request.patch(`/api/workspaces/${workspace.id}/members/${colleague.userId}`, { headers: owner.headers, data: { role: 'admin' } });
  expect((await promoted.json()).member).toMatchObject({ user_id: colleague.userId, role: 'admin' });

  // The owner leaves (there is another admin now), the colleague revokes the invitation.
  expect((await request.delete(`/api/workspaces/${workspace.id}/members/${owner.userId}`, { headers: owner.headers })).status()).toBe(200);
  expect((await request.get(`/api/workspaces/${workspace.id}/members`, { headers: owner.headers })).status()).toBe(404);
  expect((await request.delete(`/api/workspaces/${workspace.id}/invitations/${invitation.id}`, { headers: colleague.headers })).status()).toBe(200);
  expect((await request.delete(`/api/workspaces/${workspace.id}/invitations/${invitation.id}`, { headers: colleague.headers })).status()).toBe(404);
  const token = new URL(invitation.url).searchParams.get('token');
  const refused = await request.post('/api/invitations/accept', { data: { token, password: 'a fine new password' } });
  expect(refused.status()).toBe(422);
  expect((await refused.json()).error.code).toBe('invitation_invalid');

  // The last admin can neither leave nor step down.
  const before = await teamState(workspace.id);
  const leave = await request.delete(`/api/workspaces/${workspace.id}/members/${colleague.userId}`, { headers: colleague.headers });
  expect(leave.status()).toBe(409);
  expect((await leave.json()).error).toEqual({ code: 'last_admin', message: expect.stringContaining('at least one admin') });
  const stepDown = await request.patch(`/api/workspaces/${workspace.id}/members/${colleague.userId}`, { headers: colleague.headers, data: { role: 'viewer' } });
  expect(stepDown.status()).toBe(409);
  expect(await teamState(workspace.id)).toEqual(before);
});

test('an invitation accepted through the API signs the invitee in, once', async ({ request }) => {
  const admin = await adminHeaders(request);
  const [demo] = await sql<{ id: string }[]>`select id from public.workspaces where name = 'Demo'`;
  const email = unique('invitee');
  const { invitation } = await (await request.post(`/api/workspaces/${demo!.id}/members`, { headers: admin, data: { email, role: 'viewer' } })).json();
  const token = new URL(invitation.url).searchParams.get('token');

  const weak = await request.post('/api/invitations/accept', { data: { token, password: 'short' } });
  expect(weak.status()).toBe(422);
  expect((await weak.json()).error).toMatchObject({ code: 'validation_failed', details: { fieldErrors: { password: ['Use at least 8 characters.'] } } });
  expect(await sql`select 1 from auth.users where email = ${email}`).toHaveLength(0);

  const accepted = await request.post('/api/invitations/accept', { data: { token, password: 'an invitee’s password' } });
  expect(accepted.status()).toBe(200);
  const body = await accepted.json();
  expect(body).toEqual({ access_token: expect.any(String), token_type: 'bearer', expires_in: expect.any(Number), workspace_id: demo!.id });
  const me = await (await request.get('/api/workspaces', { headers: { Authorization: `Bearer ${body.access_token}` } })).json();
  expect(me.workspaces).toEqual([{ id: demo!.id, name: 'Demo', role: 'viewer' }]);

  const reused = await request.post('/api/invitations/accept', { data: { token, password: 'an invitee’s password' } });
  expect(reused.status()).toBe(422);
  expect((await reused.json()).error.code).toBe('invitation_invalid');
});

test('bad team input gets a clear 4xx and changes nothing', async ({ request }) => {
  const owner = await account(request, 'badinput');
  const viewer = await account(request, 'badviewer');
  const outsider = await account(request, 'outsider');
  const { workspace } = await (await request.post('/api/workspaces', { headers: owner.headers, data: { name: 'Strict' } })).json();
  await request.post(`/api/workspaces/${workspace.id}/members`, { headers: owner.headers, data: { email: viewer.email, role: 'viewer' } });
  const before = await teamState(workspace.id);
  const members = `/api/workspaces/${workspace.id}/members`;

  const cases: [string, () => Promise<import('@playwright/test').APIResponse>, number, string, Record<string, unknown>?][] = [
    ['malformed email', () => request.post(members, { headers: owner.headers, data: { email: 'not-an-email', role: 'viewer' } }), 422, 'validation_failed', { email: ['Enter a valid email address.'] }],
    ['missing email', () => request.post(members, { headers: owner.headers, data: { role: 'viewer' } }), 422, 'validation_failed'],
    ['unknown role', () => request.post(members, { headers: owner.headers, data: { email: unique('x'), role: 'owner' } }), 422, 'validation_failed', { role: ['Choose a role: admin or viewer.'] }],
    ['duplicate member', () => request.post(members, { headers: owner.headers, data: { email: viewer.email.toUpperCase(), role: 'admin' } }), 409, 'already_member'],
    ['a viewer adding', () => request.post(members, { headers: viewer.headers, data: { email: unique('y'), role: 'viewer' } }), 403, 'forbidden'],
    ['another workspace’s admin adding', () => request.post(members, { headers: outsider.headers, data: { email: unique('z'), role: 'viewer' } }), 404, 'not_found'],
    ['unknown role on change', () => request.patch(`${members}/${viewer.userId}`, { headers: owner.headers, data: { role: 'superuser' } }), 422, 'validation_failed'],
    ['a member id that is no uuid', () => request.patch(`${members}/not-a-uuid`, { headers: owner.headers, data: { role: 'admin' } }), 404, 'not_found'],
    ['a user who is not a member', () => request.delete(`${members}/${outsider.userId}`, { headers: owner.headers }), 404, 'not_found'],
    ['oversize workspace name', () => request.patch(`/api/workspaces/${workspace.id}`, { headers: owner.headers, data: { name: 'x'.repeat(101) } }), 422, 'validation_failed', { name: ['Keep the name under 100 characters.'] }],
    ['empty workspace name', () => request.patch(`/api/workspaces/${workspace.id}`, { headers: owner.headers, data: { name: '   ' } }), 422, 'validation_failed'],
    ['a viewer renaming', () => request.patch(`/api/workspaces/${workspace.id}`, { headers: viewer.headers, data: { name: 'Mine now' } }), 403, 'forbidden'],
    ['a body that is not JSON', () => request.post(members, { headers: { ...owner.headers, 'Content-Type': 'application/json' }, data: Buffer.from('{"email":') }), 400, 'bad_request'],
    ['a made-up token', () => request.post('/api/invitations/accept', { data: { token: 'A'.repeat(43), password: 'a fine new password' } }), 422, 'invitation_invalid'],
    ['a token far too long', () => request.post('/api/invitations/accept', { data: { token: 'A'.repeat(5000), password: 'a fine new password' } }), 422, 'validation_failed'],
    ['a common password', () => request.post('/api/invitations/accept', { data: { token: 'A'.repeat(43), password: 'password123' } }), 422, 'validation_failed', { password: ['That password is too common: choose another.'] }],
  ];
  for (const [what, send, status, code, fieldErrors] of cases) {
    const response = await send();
    expect(response.status(), what).toBe(status);
    const { error } = await response.json();
    expect(error, what).toMatchObject({ code, message: expect.any(String) });
    if (fieldErrors) expect(error.details.fieldErrors, what).toMatchObject(fieldErrors);
  }
  const oversize = await request.post('/api/workspaces', { headers: owner.headers, data: { name: 'y'.repeat(101) } });
  expect(oversize.status()).toBe(422);
  expect(await sql`select 1 from public.workspaces where name = ${'y'.repeat(101)}`).toHaveLength(0);
  expect(await teamState(workspace.id)).toEqual(before);
});
