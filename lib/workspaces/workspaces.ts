import 'server-only';
import type { SessionUser } from '@/lib/auth/claims';
import { withRls } from '@/lib/db/rls';
import { assertWorkspaceRole, type WorkspaceRole } from './access';
import type { WorkspaceInput } from './schemas';
import { teamCall } from './team-errors';

export type Workspace = { id: string; name: string; role: WorkspaceRole; created_at: Date };

/** A new workspace, with its creator as the only admin (private.create_workspace, one transaction). */
export async function createWorkspace(user: SessionUser, input: WorkspaceInput): Promise<Workspace> {
  return teamCall(() =>
    withRls(user.claims, async (tx) => {
      // Two statements: the function's insert is not visible to the statement that calls it.
      const [created] = await tx<{ id: string }[]>`select private.create_workspace(${input.name}) as id`;
      const [row] = await tx<Workspace[]>`select id, name, 'admin' as role, created_at from public.workspaces where id = ${created!.id}`;
      return row!;
    }),
  );
}

/** Renames a workspace (admins). */
export async function renameWorkspace(user: SessionUser, workspaceId: string, input: WorkspaceInput): Promise<Workspace> {
  await assertWorkspaceRole(user, workspaceId, 'admin');
  return withRls(user.claims, async (tx) => {
    const [row] = await tx<Workspace[]>`
      update public.workspaces set name = ${input.name} where id = ${workspaceId}
      returning id, name, 'admin' as role, created_at`;
    return row!;
  });
}
