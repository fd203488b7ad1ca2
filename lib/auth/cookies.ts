/** Names and options of the embedded-mode session cookie. */
export const SESSION_COOKIE = 'recall-session';

export function sessionCookieOptions(secure: boolean, maxAgeSeconds: number) {
  return { httpOnly: true, sameSite: 'lax' as const, secure, path: '/', maxAge: maxAgeSeconds };
}

/** Secure cookies need HTTPS; http://localhost and plain-HTTP intranet hosts must still work. */
export function isSecureRequest(url: string, forwardedProto: string | null): boolean {
  const proto = forwardedProto?.split(',')[0]?.trim() || new URL(url).protocol.replace(':', '');
  return proto === 'https';
}

export function parseBearer(header: string | null): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1] ?? null;
}
