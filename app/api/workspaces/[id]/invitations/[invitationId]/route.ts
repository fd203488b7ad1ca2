// DELETE /api/workspaces/{id}/invitations/{id} — revoke an open invitation (admins)
import { NextResponse } from 'next/server';
import { idParam, uuidParam } from '@/lib/api/params';
import { apiRoute } from '@/lib/api/route';
import { requireUser } from '@/lib/auth/require';
import { revokeInvitation } from '@/lib/workspaces/invitations';

export const DELETE = apiRoute(async (_request, { params }: RouteContext<'/api/workspaces/[id]/invitations/[invitationId]'>) => {
  const user = await requireUser();
  const id = await idParam(params, 'Workspace');
  await revokeInvitation(user, id, await uuidParam(params, 'invitationId', 'Invitation'));
  return NextResponse.json({ revoked: 1 });
});
