import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { withRls } from '@/lib/db/rls';
import { AppError } from '@/lib/errors';
import { userFromClaims, type SessionUser } from './claims';
import { getRequestClaims } from './session';

export type WorkspaceRole = 'admin' | 'viewer';

// Route handlers answer 401 JSON; pages and actions send the browser to /login instead.
const apiScope = new AsyncLocalStorage<true>();
export const inApiScope = <T>(fn: () => T): T => apiScope.run(true, fn);

/** The signed-in user; every page, action and route handler starts here. */
export async function requireUser(): Promise<SessionUser> {
  const claims = await getRequestClaims();
  if (claims) return userFromClaims(claims);
  if (apiScope.getStore()) {
    throw new AppError('unauthenticated', 'Sign in first: send the session cookie or an Authorization: Bearer access token.');
  }
  redirect('/login');
}

/**
 * The user, checked to hold `role` (or better) in the workspace. A workspace the user
 * cannot see is "not found", never "forbidden", so ids of other tenants leak nothing.
 */
export async function requireWorkspaceRole(
  workspaceId: string,
  role: WorkspaceRole,
): Promise<{ user: SessionUser; role: WorkspaceRole }> {
  const user = await requireUser();
  const id = z.uuid().safeParse(workspaceId);
  const membership = id.success
    ? await withRls(user.claims, async (tx) => {
        const [row] = await tx<{ role: WorkspaceRole }[]>`
          select role from public.workspace_members where workspace_id = ${id.data} and user_id = ${user.id}`;
        return row;
      })
    : undefined;
  if (!membership) throw new AppError('not_found', 'Workspace not found.');
  if (role === 'admin' && membership.role !== 'admin') {
    throw new AppError('forbidden', 'Only workspace admins can do this.');
  }
  return { user, role: membership.role };
}
