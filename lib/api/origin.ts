import 'server-only';
import { parseBearer } from '@/lib/auth/cookies';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The host the browser addressed: the Host header, or a trusted reverse proxy's X-Forwarded-Host. */
export function appHost(headers: Headers): string | null {
  const forwarded = env().RECALL_TRUST_PROXY ? headers.get('x-forwarded-host')?.split(',')[0]?.trim() : undefined;
  return forwarded || headers.get('host');
}

/** The app's origin as the browser addressed it (links the app hands out, e.g. invitations). */
export function appOrigin(headers: Headers): string {
  const proto = (env().RECALL_TRUST_PROXY ? headers.get('x-forwarded-proto')?.split(',')[0]?.trim() : undefined) || 'http';
  return `${proto === 'https' ? 'https' : 'http'}://${appHost(headers) ?? 'localhost'}`;
}

/**
 * CSRF: a write authenticated by the session cookie must come from a page of the app
 * itself. SameSite=Lax still sends the cookie from another port or subdomain of the same
 * site, and a no-cors fetch or an auto-submitted form needs no preflight, so the browser's
 * own word decides: Origin when it sends one, else Sec-Fetch-Site. A request with neither
 * comes from no browser (curl with a cookie file) and carries no ambient authority to abuse.
 * Bearer requests (scripts) carry their credential explicitly and are not affected.
 */
export function assertSameOrigin(request: Request): void {
  if (SAFE_METHODS.has(request.method)) return;
  if (parseBearer(request.headers.get('authorization'))) return;
  const origin = request.headers.get('origin');
  if (origin !== null) {
    let host: string | null = null;
    try {
      host = origin === 'null' ? null : new URL(origin).host;
    } catch {
      host = null;
    }
    if (host !== null && host === appHost(request.headers)) return;
    throw crossOrigin();
  }
  const site = request.headers.get('sec-fetch-site');
  if (site === null || site === 'same-origin' || site === 'none') return;
  throw crossOrigin();
}

const crossOrigin = () =>
  new AppError('cross_origin_request', 'Requests that change data must come from Recall itself, or from a script with an Authorization: Bearer token.');
