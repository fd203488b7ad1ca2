import 'server-only';
import { cookies, headers } from 'next/headers';
import { cache } from 'react';
import { authMode } from '@/lib/env';
import type { AccessTokenClaims } from './claims';
import { parseBearer, SESSION_COOKIE } from './cookies';
import { liveClaims } from './live';
import { cookieMethods, supabaseClaims } from './supabase';
import { verifyAccessToken } from './tokens';

/**
 * The verified claims of the current request: a Bearer token when one is sent (scripts),
 * else the session cookie (local mode) or Supabase's session cookies (Supabase mode); and
 * only while its user still exists and is not banned.
 */
export const getRequestClaims = cache(async (): Promise<AccessTokenClaims | null> => liveClaims(await verifiedClaims()));

async function verifiedClaims(): Promise<AccessTokenClaims | null> {
  const bearer = parseBearer((await headers()).get('authorization'));
  if (bearer) return verifyAccessToken(bearer);
  const store = await cookies();
  if (authMode() === 'supabase') {
    return supabaseClaims(cookieMethods(store, { writable: false }));
  }
  const token = store.get(SESSION_COOKIE)?.value;
  return token ? verifyAccessToken(token) : null;
}
