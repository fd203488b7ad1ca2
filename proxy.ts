import { createServerClient } from '@supabase/ssr';
import { NextResponse, type NextRequest } from 'next/server';
import { isSecureRequest, SESSION_COOKIE, sessionCookieOptions } from '@/lib/auth/cookies';
import { ACCESS_TOKEN_TTL_SECONDS, SESSION_MAX_AGE_SECONDS, signAccessToken, verifyAccessToken } from '@/lib/auth/tokens';
import { cookieMethods } from '@/lib/auth/supabase';
import { env } from '@/lib/env';

// Pages need a session; the API answers 401 JSON itself; /login and the JWKS are public.
const isPublic = (pathname: string) =>
  pathname === '/login' || pathname.startsWith('/api/') || pathname.startsWith('/auth/v1/');

function toLogin(request: NextRequest) {
  const url = request.nextUrl.clone();
  const next = request.nextUrl.pathname + request.nextUrl.search;
  url.pathname = '/login';
  url.search = next !== '/' ? `?next=${encodeURIComponent(next)}` : '';
  return NextResponse.redirect(url);
}

/** Supabase mode: let @supabase/ssr refresh the session cookies, verify with getClaims(). */
async function supabaseProxy(request: NextRequest, url: string, key: string) {
  // A refreshed session is written to the request (so this render sees it) and to the response.
  const refreshed: { name: string; value: string; options?: Record<string, unknown> }[] = [];
  const store = {
    getAll: () => request.cookies.getAll(),
    set: (name: string, value: string, options?: Record<string, unknown>) => {
      request.cookies.set(name, value);
      refreshed.push({ name, value, options });
    },
  };
  const supabase = createServerClient(url, key, { cookies: cookieMethods(store) });
  const { data } = await supabase.auth.getClaims();
  if (!data?.claims && !isPublic(request.nextUrl.pathname)) return toLogin(request);
  const response = NextResponse.next({ request });
  for (const { name, value, options } of refreshed) response.cookies.set(name, value, options);
  return response;
}

/**
 * Local mode: verify the session token; while the session is in use, re-issue the
 * short-lived token once half its life has passed (up to the session's maximum age).
 */
async function localProxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  const token = request.cookies.get(SESSION_COOKIE)?.value;
  const claims = token ? await verifyAccessToken(token) : null;
  if (!claims) {
    if (isPublic(pathname)) return NextResponse.next();
    const response = toLogin(request);
    if (token) response.cookies.delete(SESSION_COOKIE);
    return response;
  }
  if (pathname === '/login') return NextResponse.redirect(new URL('/', request.url));

  const response = NextResponse.next();
  const now = Math.floor(Date.now() / 1000);
  const authenticatedAt = claims.amr?.[0]?.timestamp ?? claims.iat;
  if (claims.exp - now < ACCESS_TOKEN_TTL_SECONDS / 2 && now - authenticatedAt < SESSION_MAX_AGE_SECONDS) {
    const fresh = await signAccessToken({ id: claims.sub, email: claims.email ?? '' }, { id: claims.session_id, authenticatedAt });
    const secure = isSecureRequest(request.url, request.headers.get('x-forwarded-proto'));
    response.cookies.set(SESSION_COOKIE, fresh.token, sessionCookieOptions(secure, fresh.expiresIn));
  }
  return response;
}

export async function proxy(request: NextRequest) {
  const { NEXT_PUBLIC_SUPABASE_URL: url, NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: key } = env();
  return url && key ? supabaseProxy(request, url, key) : localProxy(request);
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico|robots.txt|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico)$).*)'],
};
