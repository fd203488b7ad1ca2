'use server';

import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { actionError, type ActionResult } from '@/lib/actions/result';
import { clientAddress } from '@/lib/api/route';
import { isSecureRequest, SESSION_COOKIE, sessionCookieOptions } from '@/lib/auth/cookies';
import { safeNextPath, signInSchema } from '@/lib/auth/form';
import { requireWorkspaceRole } from '@/lib/auth/require';
import { getRequestClaims } from '@/lib/auth/session';
import { INVALID_CREDENTIALS, signInWithPassword } from '@/lib/auth/sign-in';
import { signOutRequest, signOutScopeSchema } from '@/lib/auth/sign-out';
import { cookieMethods, createSupabaseServerClient } from '@/lib/auth/supabase';
import { authMode } from '@/lib/env';
import { isAppError } from '@/lib/errors';
import { CURRENT_WORKSPACE_COOKIE } from '@/lib/workspaces/memberships';

export type SignInState = {
  ok: boolean;
  message?: string;
  fieldErrors?: Partial<Record<'email' | 'password', string[]>>;
  email?: string;
};

/** The sign-in form: Supabase Auth in Supabase mode, else the local password check (shared limits with POST /api/auth/token). */
export async function signIn(_previous: SignInState, formData: FormData): Promise<SignInState> {
  if (!(formData instanceof FormData)) return { ok: false, message: 'Send the sign-in form.' };
  const parsed = signInSchema.safeParse({ email: formData.get('email'), password: formData.get('password') });
  const email = String(formData.get('email') ?? '');
  if (!parsed.success) {
    return { ok: false, email, fieldErrors: z.flattenError(parsed.error).fieldErrors, message: 'Check the highlighted fields.' };
  }
  const store = await cookies();
  const requestHeaders = await headers();

  if (authMode() === 'supabase') {
    const supabase = createSupabaseServerClient(cookieMethods(store));
    const { error } = await supabase.auth.signInWithPassword(parsed.data);
    if (error) return { ok: false, email, message: error.status === 429 ? error.message : INVALID_CREDENTIALS };
  } else {
    try {
      const session = await signInWithPassword({ ...parsed.data, client: clientAddress(requestHeaders), userAgent: requestHeaders.get('user-agent') });
      const origin = `${requestHeaders.get('x-forwarded-proto') ?? 'http'}://${requestHeaders.get('host') ?? 'localhost'}`;
      const secure = isSecureRequest(origin, requestHeaders.get('x-forwarded-proto'));
      store.set(SESSION_COOKIE, session.token, sessionCookieOptions(secure, session.expiresIn));
    } catch (error) {
      if (isAppError(error)) return { ok: false, email, message: error.message };
      throw error;
    }
  }
  redirect(safeNextPath(formData.get('next')) as '/');
}

/** The user menu's Sign out (this session) and Sign out everywhere (scope=global): ended server-side. */
export async function signOut(formData?: FormData) {
  const scope = signOutScopeSchema.catch('local').parse(formData instanceof FormData ? formData.get('scope') : 'local');
  const claims = await getRequestClaims();
  if (claims) await signOutRequest(claims, scope === 'others' ? 'local' : scope);
  (await cookies()).delete(SESSION_COOKIE);
  redirect('/login');
}

/** The header's workspace switcher. A workspace the user is not in answers "not found" and changes nothing. */
export async function switchWorkspace(workspaceId: string): Promise<ActionResult> {
  try {
    // Membership is checked here too: the cookie only ever names a workspace the user is in.
    const id = z.uuid().parse(workspaceId);
    await requireWorkspaceRole(id, 'viewer');
    (await cookies()).set(CURRENT_WORKSPACE_COOKIE, id, { httpOnly: true, sameSite: 'lax', path: '/', maxAge: 365 * 86400 });
  } catch (error) {
    return actionError(error);
  }
  redirect('/');
}
