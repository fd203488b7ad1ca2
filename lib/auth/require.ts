import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import { redirect } from 'next/navigation';
import { AppError } from '@/lib/errors';
import { assertWorkspaceRole, type WorkspaceRole } from '@/lib/workspaces/access';
import { userFromClaims, type SessionUser } from './claims';
import { getRequestClaims } from './session';

export type { WorkspaceRole };

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

/** The user, checked to hold `role` (or better) in the workspace (404 when not a member). */
export async function requireWorkspaceRole(workspaceId: string, role: WorkspaceRole): Promise<{ user: SessionUser; role: WorkspaceRole }> {
  const user = await requireUser();
  return { user, role: await assertWorkspaceRole(user, workspaceId, role) };
}
