import 'server-only';
import { z } from 'zod';
import type { SessionUser } from '@/lib/auth/claims';
import { withRls } from '@/lib/db/rls';
import { AppError } from '@/lib/errors';

export type WorkspaceRole = 'admin' | 'viewer';

/**
 * Checks that the user holds `role` (or better) in the workspace. A workspace the user
 * cannot see is "not found", never "forbidden", so ids of other tenants leak nothing.
 */
export async function assertWorkspaceRole(user: SessionUser, workspaceId: string, role: WorkspaceRole): Promise<WorkspaceRole> {
  const id = z.uuid().safeParse(workspaceId);
  const membership = id.success
    ? await withRls(user.claims, async (tx) => {
        const [row] = await tx<{ role: WorkspaceRole }[]>`
          select role from public.workspace_members where workspace_id = ${id.data} and user_id = ${user.id}`;
        return row;
      })
    : undefined;
  if (!membership) throw new AppError('not_found', 'Workspace not found.');
  if (role === 'admin' && membership.role !== 'admin') throw new AppError('forbidden', 'Only workspace admins can do this.');
  return membership.role;
}

/** The workspace a new object goes to when the caller names none: their first as admin. */
export async function defaultAdminWorkspace(user: SessionUser): Promise<string> {
  const [row] = await withRls(user.claims, (tx) =>
    tx<{ id: string }[]>`
      select m.workspace_id as id from public.workspace_members m
      join public.workspaces w on w.id = m.workspace_id
      where m.user_id = ${user.id} and m.role = 'admin' order by w.created_at limit 1`,
  );
  if (!row) throw new AppError('forbidden', 'You are not an admin of any workspace.');
  return row.id;
}
