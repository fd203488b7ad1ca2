import { randomUUID } from 'node:crypto';
import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';
import { env } from '@/lib/env';
import { accessTokenClaimsSchema, type AccessTokenClaims } from './claims';
import { signingKey } from './signing-key';

export const LOCAL_ISSUER = 'recall';
/** Access tokens are short-lived; the proxy re-issues them while the session is in use. */
export const ACCESS_TOKEN_TTL_SECONDS = 60 * 60;
/** A session lasts at most this long after the password was checked. */
export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;

export type TokenSubject = { id: string; email: string };

/** Signs an access token with Supabase Auth's claim shape and the local ES256 key. */
export async function signAccessToken(
  user: TokenSubject,
  session: { id?: string; authenticatedAt?: number } = {},
): Promise<{ token: string; expiresIn: number; claims: AccessTokenClaims }> {
  const key = await signingKey(env().RECALL_DATA_DIR);
  const now = Math.floor(Date.now() / 1000);
  const claims: AccessTokenClaims = {
    iss: LOCAL_ISSUER,
    sub: user.id,
    aud: 'authenticated',
    iat: now,
    exp: now + ACCESS_TOKEN_TTL_SECONDS,
    role: 'authenticated',
    email: user.email,
    phone: '',
    aal: 'aal1',
    amr: [{ method: 'password', timestamp: session.authenticatedAt ?? now }],
    session_id: session.id ?? randomUUID(),
    is_anonymous: false,
    app_metadata: { provider: 'email', providers: ['email'] },
    user_metadata: {},
  };
  const token = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' }).sign(key.privateKey);
  return { token, expiresIn: ACCESS_TOKEN_TTL_SECONDS, claims };
}

type Verifier = { jwks: JWTVerifyGetKey; issuer: string };
let remote: { url: string; verifier: Verifier } | undefined;

/** The one verification path: a JWKS (local key pair, or the Supabase project's). */
async function verifier(): Promise<Verifier> {
  const supabaseUrl = env().NEXT_PUBLIC_SUPABASE_URL;
  if (!supabaseUrl) {
    const key = await signingKey(env().RECALL_DATA_DIR);
    return { jwks: createLocalJWKSet(key.jwks), issuer: LOCAL_ISSUER };
  }
  if (remote?.url !== supabaseUrl) {
    const base = supabaseUrl.replace(/\/+$/, '');
    remote = {
      url: supabaseUrl,
      verifier: { jwks: createRemoteJWKSet(new URL(`${base}/auth/v1/.well-known/jwks.json`)), issuer: `${base}/auth/v1` },
    };
  }
  return remote.verifier;
}

/** Verifies signature, issuer, audience and expiry; returns null for any invalid token. */
export async function verifyAccessToken(token: string): Promise<AccessTokenClaims | null> {
  try {
    const { jwks, issuer } = await verifier();
    const { payload } = await jwtVerify(token, jwks, {
      issuer,
      audience: 'authenticated',
      algorithms: ['ES256', 'RS256', 'EdDSA'],
    });
    const claims = accessTokenClaimsSchema.safeParse(payload);
    return claims.success && claims.data.role === 'authenticated' ? claims.data : null;
  } catch {
    return null;
  }
}
