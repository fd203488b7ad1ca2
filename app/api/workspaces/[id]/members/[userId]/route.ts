// PATCH /api/workspaces/{id}/members/{user_id} — change a member's role (admins)
// DELETE /api/workspaces/{id}/members/{user_id} — remove a member (admins), or leave (yourself)
import { NextResponse } from 'next/server';
import { idParam, uuidParam } from '@/lib/api/params';
import { apiRoute, readJson } from '@/lib/api/route';
import { requireUser } from '@/lib/auth/require';
import { memberJson } from '@/lib/workspaces/json';
import { changeMemberRole, removeMember } from '@/lib/workspaces/members';
import { changeRoleSchema } from '@/lib/workspaces/schemas';

type Context = RouteContext<'/api/workspaces/[id]/members/[userId]'>;

export const PATCH = apiRoute(async (request, { params }: Context) => {
  const user = await requireUser();
  const id = await idParam(params, 'Workspace');
  const memberId = await uuidParam(params, 'userId', 'Member');
  const { role } = await readJson(request, changeRoleSchema, { maxBytes: 16 * 1024 });
  return NextResponse.json({ member: memberJson(await changeMemberRole(user, id, memberId, role)) });
});

export const DELETE = apiRoute(async (_request, { params }: Context) => {
  const user = await requireUser();
  const id = await idParam(params, 'Workspace');
  await removeMember(user, id, await uuidParam(params, 'userId', 'Member'));
  return NextResponse.json({ removed: 1 });
});
