// POST /api/invitations/accept — accept an invitation {token, password}: joins the workspace, answers an access token
import { NextResponse } from 'next/server';
import { apiRoute, clientAddress, readJson } from '@/lib/api/route';
import { acceptInvitation } from '@/lib/auth/invitations';
import { acceptInvitationSchema } from '@/lib/auth/password';
import { authMode } from '@/lib/env';
import { AppError } from '@/lib/errors';

export const POST = apiRoute(async (request) => {
  if (authMode() === 'supabase') throw new AppError('not_found', 'Invitations are sent by Supabase Auth in this deployment.');
  const input = await readJson(request, acceptInvitationSchema, { maxBytes: 16 * 1024 });
  const session = await acceptInvitation({ ...input, client: clientAddress(request.headers), userAgent: request.headers.get('user-agent') });
  return NextResponse.json(
    { access_token: session.token, token_type: 'bearer', expires_in: session.expiresIn, workspace_id: session.workspaceId },
    { headers: { 'Cache-Control': 'no-store' } },
  );
});
