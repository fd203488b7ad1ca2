'use server';

import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { SESSION_COOKIE } from '@/lib/auth/cookies';
import { requireWorkspaceRole } from '@/lib/auth/require';
import { createSupabaseServerClient } from '@/lib/auth/supabase';
import { authMode } from '@/lib/env';
import { CURRENT_WORKSPACE_COOKIE } from '@/lib/workspaces/memberships';

export async function signOut() {
  const store = await cookies();
  if (authMode() === 'supabase') {
    const supabase = createSupabaseServerClient({
      getAll: () => store.getAll(),
      setAll: (list) => list.forEach(({ name, value, options }) => store.set(name, value, options)),
    });
    await supabase.auth.signOut();
  }
  store.delete(SESSION_COOKIE);
  redirect('/login');
}

export async function switchWorkspace(workspaceId: string) {
  // Membership is checked here too: the cookie only ever names a workspace the user is in.
  await requireWorkspaceRole(workspaceId, 'viewer');
  (await cookies()).set(CURRENT_WORKSPACE_COOKIE, workspaceId, { httpOnly: true, sameSite: 'lax', path: '/', maxAge: 365 * 86400 });
  redirect('/');
}
