import { createServerClient, type CookieMethodsServer } from '@supabase/ssr';
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
