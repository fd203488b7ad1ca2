import 'server-only';
import { cookies } from 'next/headers';
import { cache } from 'react';
import { requireUser } from '@/lib/auth/require';
import { CURRENT_WORKSPACE_COOKIE, listMemberships, pickWorkspace } from './memberships';

/** The signed-in user, their workspaces and the one the dashboard shows; once per request. */
export const currentWorkspace = cache(async () => {
  const user = await requireUser();
  const memberships = await listMemberships(user);
  const current = pickWorkspace(memberships, (await cookies()).get(CURRENT_WORKSPACE_COOKIE)?.value);
  return { user, memberships, current };
});
