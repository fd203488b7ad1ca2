// GET /api/workspaces/{id}/members — members (and, for admins, open invitations)
// POST /api/workspaces/{id}/members — add a member by email, or invite one without an account
import { NextResponse } from 'next/server';
import { appOrigin } from '@/lib/api/origin';
import { idParam } from '@/lib/api/params';
import { apiRoute, readJson } from '@/lib/api/route';
import { requireUser } from '@/lib/auth/require';
import { invitationJson, memberJson } from '@/lib/workspaces/json';
import { addMember, listTeam } from '@/lib/workspaces/members';
import { addMemberSchema } from '@/lib/workspaces/schemas';

export const GET = apiRoute(async (_request, { params }: RouteContext<'/api/workspaces/[id]/members'>) => {
  const user = await requireUser();
  const team = await listTeam(user, await idParam(params, 'Workspace'));
  return NextResponse.json({ members: team.members.map(memberJson), invitations: team.invitations.map(invitationJson) });
});

export const POST = apiRoute(async (request, { params }: RouteContext<'/api/workspaces/[id]/members'>) => {
  const user = await requireUser();
  const id = await idParam(params, 'Workspace');
  const input = await readJson(request, addMemberSchema, { maxBytes: 16 * 1024 });
  const added = await addMember(user, id, input, appOrigin(request.headers));
  return 'member' in added
    ? NextResponse.json({ member: memberJson(added.member) }, { status: 201 })
    : NextResponse.json({ invitation: invitationJson(added.invitation) }, { status: 201, headers: { 'Cache-Control': 'no-store' } });
});
