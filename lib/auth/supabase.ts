import { createServerClient, type CookieMethodsServer } from '@supabase/ssr';
import { createClient } from '@supabase/supabase-js';
import { env } from '@/lib/env';
import { accessTokenClaimsSchema, type AccessTokenClaims } from './claims';

/** What Next's `cookies()` store and a request's cookies both offer. */
type CookieStore = {
  getAll(): { name: string; value: string }[];
  set(name: string, value: string, options?: Record<string, unknown>): unknown;
};

/**
 * @supabase/ssr's cookie adapter over a cookie store. Server Components cannot write
 * cookies (`writable: false` swallows the refresh; proxy.ts refreshes the session for them).
 */
export function cookieMethods(store: CookieStore, { writable = true }: { writable?: boolean } = {}): CookieMethodsServer {
  return {
    getAll: () => store.getAll(),
    setAll: (list) => {
      try {
        for (const { name, value, options } of list) store.set(name, value, options);
      } catch (error) {
        if (writable) throw error;
      }
    },
  };
}

/**
 * Supabase mode: @supabase/ssr reads (and, when it refreshes, rewrites) the session
 * cookies; getClaims() verifies the access token against the project's JWKS.
 */
export function createSupabaseServerClient(cookies: CookieMethodsServer) {
  const { NEXT_PUBLIC_SUPABASE_URL: url, NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: key } = env();
  if (!url || !key) throw new Error('Supabase Auth is not configured (NEXT_PUBLIC_SUPABASE_URL).');
  return createServerClient(url, key, { cookies });
}

export async function supabaseClaims(cookies: CookieMethodsServer): Promise<AccessTokenClaims | null> {
  const supabase = createSupabaseServerClient(cookies);
  const { data, error } = await supabase.auth.getClaims();
  if (error || !data?.claims) return null;
  const claims = accessTokenClaimsSchema.safeParse(data.claims);
  return claims.success && claims.data.role === 'authenticated' ? claims.data : null;
}

/**
 * Supabase mode sign-out: Supabase Auth revokes the session (or, with scope global / others,
 * the user's other sessions too). A browser session goes through @supabase/ssr, which also
 * clears its cookies; a script's Bearer token through GoTrue's logout with that token. An
 * already ended session (401/404) is not an error.
 */
export async function supabaseSignOut(target: { cookies: CookieMethodsServer } | { bearer: string }, scope: 'local' | 'global' | 'others'): Promise<void> {
  const { NEXT_PUBLIC_SUPABASE_URL: url, NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: key } = env();
  if (!url || !key) throw new Error('Supabase Auth is not configured (NEXT_PUBLIC_SUPABASE_URL).');
  const { error } =
    'bearer' in target
      ? await createClient(url, key, { auth: { persistSession: false, autoRefreshToken: false } }).auth.admin.signOut(target.bearer, scope)
      : await createServerClient(url, key, { cookies: target.cookies }).auth.signOut({ scope });
  if (error && error.status !== 401 && error.status !== 404) throw error;
}
