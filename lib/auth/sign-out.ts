import 'server-only';
import { cookies, headers } from 'next/headers';
import { z } from 'zod';
import { authMode } from '@/lib/env';
import type { AccessTokenClaims } from './claims';
import { parseBearer, SESSION_COOKIE } from './cookies';
import { endAllSessions, endSession } from './sessions';
import { cookieMethods, supabaseSignOut } from './supabase';

/** GoTrue's sign-out scopes: this session, every session of the user, or all but this one. */
export const signOutScopeSchema = z.enum(['local', 'global', 'others']);
export type SignOutScope = z.infer<typeof signOutScopeSchema>;

/**
 * Ends the request's session server-side, so its token is refused from the next request on
 * (not merely forgotten by this browser). Embedded mode: deletes auth.sessions rows. Supabase
 * mode: Supabase Auth's logout, through @supabase/ssr for the cookie session (which also
 * clears its cookies) or with the Bearer token of a script.
 */
export async function signOutRequest(claims: AccessTokenClaims, scope: SignOutScope): Promise<void> {
  if (authMode() === 'supabase') {
    const bearer = parseBearer((await headers()).get('authorization'));
    await supabaseSignOut(bearer ? { bearer } : { cookies: cookieMethods(await cookies()) }, scope);
    return;
  }
  if (scope === 'local') await endSession(claims);
  else await endAllSessions(claims, { keepCurrent: scope === 'others' });
  if (scope !== 'others') (await cookies()).delete(SESSION_COOKIE);
}
