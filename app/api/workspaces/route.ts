// GET /api/workspaces — the caller's workspaces with their role
// POST /api/workspaces — create a workspace; the caller becomes its admin
import { NextResponse } from 'next/server';
import { apiRoute, readJson } from '@/lib/api/route';
import { requireUser } from '@/lib/auth/require';
import { workspaceJson } from '@/lib/workspaces/json';
import { listMemberships } from '@/lib/workspaces/memberships';
import { workspaceInputSchema } from '@/lib/workspaces/schemas';
import { createWorkspace } from '@/lib/workspaces/workspaces';

export const GET = apiRoute(async () => {
  const user = await requireUser();
  return NextResponse.json({ workspaces: (await listMemberships(user)).map(workspaceJson) });
});

export const POST = apiRoute(async (request) => {
  const user = await requireUser();
  const input = await readJson(request, workspaceInputSchema, { maxBytes: 16 * 1024 });
  return NextResponse.json({ workspace: workspaceJson(await createWorkspace(user, input)) }, { status: 201 });
});
