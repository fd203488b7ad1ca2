// PATCH /api/workspaces/{id} — rename a workspace (admins)
import { NextResponse } from 'next/server';
import { idParam } from '@/lib/api/params';
import { apiRoute, readJson } from '@/lib/api/route';
import { requireUser } from '@/lib/auth/require';
import { workspaceJson } from '@/lib/workspaces/json';
import { workspaceInputSchema } from '@/lib/workspaces/schemas';
import { renameWorkspace } from '@/lib/workspaces/workspaces';

export const PATCH = apiRoute(async (request, { params }: RouteContext<'/api/workspaces/[id]'>) => {
  const user = await requireUser();
  const id = await idParam(params, 'Workspace');
  const input = await readJson(request, workspaceInputSchema, { maxBytes: 16 * 1024 });
  return NextResponse.json({ workspace: workspaceJson(await renameWorkspace(user, id, input)) });
});
