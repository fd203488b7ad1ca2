// GET /api/me — who the token belongs to, and the caller's workspaces
import { NextResponse } from 'next/server';
import { requireUser } from '@/lib/auth/require';
import { apiRoute } from '@/lib/api/route';
import { listMemberships } from '@/lib/workspaces/memberships';

export const GET = apiRoute(async () => {
  const user = await requireUser();
  const workspaces = await listMemberships(user);
  return NextResponse.json({ user: { id: user.id, email: user.email }, workspaces });
});
