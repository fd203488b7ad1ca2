import 'server-only';
import { withRls } from '@/lib/db/rls';
import type { AccessTokenClaims } from './claims';

/**
 * Whether the user a verified token names still exists and is not banned: one indexed
 * lookup (auth.users by id) under the token's own role and claims.
 */
export async function isLiveUser(claims: AccessTokenClaims): Promise<boolean> {
  const [row] = await withRls(claims, (tx) => tx<{ live: boolean }[]>`select private.current_user_is_live() as live`);
  return row?.live === true;
}

/** The claims, if their user is still live; null otherwise. */
export async function liveClaims(claims: AccessTokenClaims | null): Promise<AccessTokenClaims | null> {
  return claims && (await isLiveUser(claims)) ? claims : null;
}
