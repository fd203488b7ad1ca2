import { createServerClient } from '@supabase/ssr';
import { NextResponse, type NextRequest } from 'next/server';
import { accessTokenClaimsSchema } from '@/lib/auth/claims';
import { isSecureRequest, SESSION_COOKIE, sessionCookieOptions } from '@/lib/auth/cookies';
import { isLiveUser, liveClaims } from '@/lib/auth/live';
import { cookieMethods } from '@/lib/auth/supabase';
import { ACCESS_TOKEN_TTL_SECONDS, SESSION_MAX_AGE_SECONDS, signAccessToken, verifyAccessToken } from '@/lib/auth/tokens';
import { env } from '@/lib/env';
import { API_CONTENT_SECURITY_POLICY, newNonce, NONCE_HEADER, pageContentSecurityPolicy } from '@/lib/http/security-headers';

// Pages need a session; the API answers 401 JSON itself; /login, /invite (the invitee has no
// session yet) and the JWKS are public.
const isApi = (pathname: string) => pathname.startsWith('/api/') || pathname.startsWith('/auth/v1/');
const isPublic = (pathname: string) => pathname === '/login' || pathname === '/invite' || isApi(pathname);

function toLogin(request: NextRequest) {
  const url = request.nextUrl.clone();
  const next = request.nextUrl.pathname + request.nextUrl.search;
  url.pathname = '/login';
  url.search = next !== '/' ? `?next=${encodeURIComponent(next)}` : '';
  return NextResponse.redirect(url);
}

type Cookie = { name: string; value: string; options?: Record<string, unknown> };
/** What a proxy decided: let the request through (setting these cookies), or answer it now. */
type Decision = { pass: true; cookies: Cookie[] } | { pass: false; response: NextResponse };

/** Supabase mode: let @supabase/ssr refresh the session cookies, verify with getClaims(). */
async function supabaseProxy(request: NextRequest, url: string, key: string): Promise<Decision> {
  // A refreshed session is written to the request (so this render sees it) and to the response.
  const cookies: Cookie[] = [];
  const store = {
    getAll: () => request.cookies.getAll(),
    set: (name: string, value: string, options?: Record<string, unknown>) => {
      request.cookies.set(name, value);
      cookies.push({ name, value, options });
    },
  };
  const supabase = createServerClient(url, key, { cookies: cookieMethods(store) });
  const { data } = await supabase.auth.getClaims();
  if (!isPublic(request.nextUrl.pathname)) {
    // Supabase verifies the signature; a user deleted or banned since opens no page either.
    const claims = accessTokenClaimsSchema.safeParse(data?.claims);
    if (!claims.success || !(await isLiveUser(claims.data))) return { pass: false, response: toLogin(request) };
  }
  return { pass: true, cookies };
}

/**
 * Local mode: verify the session token; while the session is in use, re-issue the
 * short-lived token once half its life has passed (up to the session's maximum age).
 */
async function localProxy(request: NextRequest): Promise<Decision> {
  const { pathname } = request.nextUrl;
  const token = request.cookies.get(SESSION_COOKIE)?.value;
  const verified = token ? await verifyAccessToken(token) : null;
  const now = Math.floor(Date.now() / 1000);
  const authenticatedAt = verified ? (verified.amr?.[0]?.timestamp ?? verified.iat) : 0;
  const renew = verified !== null && verified.exp - now < ACCESS_TOKEN_TTL_SECONDS / 2 && now - authenticatedAt < SESSION_MAX_AGE_SECONDS;
  // A deleted or banned user's token opens no page and is never renewed. Route handlers
  // check it themselves (getRequestClaims), so an API call is looked up here only to renew.
  const claims = verified && (!isApi(pathname) || renew) ? await liveClaims(verified) : verified;
  if (!claims) {
    if (isPublic(pathname)) return { pass: true, cookies: [] };
    const response = toLogin(request);
    if (token) response.cookies.delete(SESSION_COOKIE);
    return { pass: false, response };
  }
  if (pathname === '/login') return { pass: false, response: NextResponse.redirect(new URL('/', request.url)) };
  if (!renew) return { pass: true, cookies: [] };
  const fresh = await signAccessToken({ id: claims.sub, email: claims.email ?? '' }, { id: claims.session_id, authenticatedAt });
  const secure = isSecureRequest(request.url, request.headers.get('x-forwarded-proto'));
  return { pass: true, cookies: [{ name: SESSION_COOKIE, value: fresh.token, options: sessionCookieOptions(secure, fresh.expiresIn) }] };
}

export async function proxy(request: NextRequest) {
  const { NEXT_PUBLIC_SUPABASE_URL: url, NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: key } = env();
  const decision = url && key ? await supabaseProxy(request, url, key) : await localProxy(request);
  if (!decision.pass) return decision.response;
  // Pages render with a fresh nonce: Next.js reads it from the request's CSP header.
  const nonce = newNonce();
  const csp = isApi(request.nextUrl.pathname) ? API_CONTENT_SECURITY_POLICY : pageContentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === 'development' });
  const headers = new Headers(request.headers);
  headers.set(NONCE_HEADER, nonce);
  headers.set('content-security-policy', csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('content-security-policy', csp);
  for (const { name, value, options } of decision.cookies) response.cookies.set(name, value, options);
  return response;
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico|robots.txt|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico)$).*)'],
};
