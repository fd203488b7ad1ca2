import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

/**
 * Supabase mode at its boundary, without a live Supabase: a real HTTP server on loopback
 * serves the project's JWKS; tokens are signed with the matching private key.
 */
describe('Supabase Auth boundary', () => {
  const USER_ID = '3c1d2e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
  let server: http.Server;
  let baseUrl: string;
  let privateKey: CryptoKey;
  const kid = 'supabase-test-key';
  const requests: string[] = [];
  /** The logout calls GoTrue received: method, path with scope, and the token they carried. */
  const logouts: { method: string; url: string; bearer: string | undefined }[] = [];
  /** How the fake GoTrue answers a logout (tests steer it). */
  let logoutStatus = 204;

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    privateKey = pair.privateKey;
    const publicJwk = { ...(await exportJWK(pair.publicKey)), kid, alg: 'ES256', use: 'sig' };
    server = http.createServer((req, res) => {
      requests.push(req.url ?? '');
      if (req.url?.startsWith('/auth/v1/logout')) {
        logouts.push({ method: req.method ?? '', url: req.url, bearer: req.headers.authorization?.replace(/^Bearer /, '') });
        if (logoutStatus === 204) res.writeHead(204).end();
        else res.writeHead(logoutStatus, { 'content-type': 'application/json' }).end(JSON.stringify({ code: logoutStatus, msg: 'logout refused' }));
      } else if (req.url === '/auth/v1/.well-known/jwks.json') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [publicJwk] }));
      } else {
        res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 401, msg: 'unexpected call' }));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    vi.stubEnv('NEXT_PUBLIC_SUPABASE_URL', baseUrl);
    vi.stubEnv('NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY', 'sb_publishable_test');
    vi.stubEnv('DATABASE_URL', 'postgres://postgres@127.0.0.1:1/postgres');
    vi.resetModules();
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await new Promise((resolve) => server.close(resolve));
  });

  const accessToken = async (overrides: Record<string, unknown> = {}, key: CryptoKey = privateKey) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      iss: `${baseUrl}/auth/v1`,
      sub: USER_ID,
      aud: 'authenticated',
      role: 'authenticated',
      email: 'grace@example.com',
      iat: now,
      exp: now + 3600,
      session_id: 'b6c7d8e9-0000-4000-8000-000000000001',
      ...overrides,
    })
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
      .sign(key);
  };

  it('verifies Bearer tokens against the project JWKS, with its issuer', async () => {
    const { verifyAccessToken } = await import('@/lib/auth/tokens');
    expect(await verifyAccessToken(await accessToken())).toMatchObject({ sub: USER_ID, email: 'grace@example.com' });
    expect(requests).toContain('/auth/v1/.well-known/jwks.json');
    expect(await verifyAccessToken(await accessToken({ iss: 'https://elsewhere/auth/v1' }))).toBeNull();
    const other = await generateKeyPair('ES256');
    expect(await verifyAccessToken(await accessToken({}, other.privateKey))).toBeNull();
  });

  it('reads the @supabase/ssr session cookie through getClaims() and verifies it locally', async () => {
    const { supabaseClaims } = await import('@/lib/auth/supabase');
    const token = await accessToken();
    const session = {
      access_token: token,
      refresh_token: 'refresh-token',
      token_type: 'bearer',
      expires_in: 3600,
      expires_at: Math.floor(Date.now() / 1000) + 3600,
      user: { id: USER_ID, aud: 'authenticated', role: 'authenticated', email: 'grace@example.com', app_metadata: {}, user_metadata: {}, created_at: new Date().toISOString() },
    };
    // @supabase/ssr stores the session as base64url JSON in sb-<project ref>-auth-token.
    const cookie = { name: 'sb-127-auth-token', value: `base64-${Buffer.from(JSON.stringify(session)).toString('base64url')}` };
    const written: { name: string; value: string }[] = [];
    requests.length = 0;
    const claims = await supabaseClaims({ getAll: () => [cookie], setAll: (list) => void written.push(...list) });
    expect(claims).toMatchObject({ sub: USER_ID, role: 'authenticated', email: 'grace@example.com' });
    // Verified with the JWKS, not by asking the auth server.
    expect(requests.filter((url) => url.startsWith('/auth/v1/user'))).toEqual([]);

    const none = await supabaseClaims({ getAll: () => [], setAll: () => undefined });
    expect(none).toBeNull();
  });

  it('refuses a session cookie whose token was not signed by the project', async () => {
    const { supabaseClaims } = await import('@/lib/auth/supabase');
    const other = await generateKeyPair('ES256');
    const session = {
      access_token: await accessToken({}, other.privateKey),
      refresh_token: 'r',
      token_type: 'bearer',
      expires_in: 3600,
      expires_at: Math.floor(Date.now() / 1000) + 3600,
      user: { id: USER_ID },
    };
    const cookie = { name: 'sb-127-auth-token', value: `base64-${Buffer.from(JSON.stringify(session)).toString('base64url')}` };
    expect(await supabaseClaims({ getAll: () => [cookie], setAll: () => undefined })).toBeNull();
  });

  describe('sign-out revokes the Supabase session (GoTrue /logout), not only the cookie', () => {
    const sessionCookie = (token: string) => ({
      name: 'sb-127-auth-token',
      value: `base64-${Buffer.from(
        JSON.stringify({ access_token: token, refresh_token: 'refresh-token', token_type: 'bearer', expires_in: 3600, expires_at: Math.floor(Date.now() / 1000) + 3600, user: { id: USER_ID } }),
      ).toString('base64url')}`,
    });

    it('through @supabase/ssr for the cookie session: POST /logout with its token and scope, and the cookie is cleared', async () => {
      const { supabaseSignOut } = await import('@/lib/auth/supabase');
      const token = await accessToken();
      for (const scope of ['local', 'global'] as const) {
        logouts.length = 0;
        const written: { name: string; value: string; options?: { maxAge?: number } }[] = [];
        await supabaseSignOut({ cookies: { getAll: () => [sessionCookie(token)], setAll: (list) => void written.push(...list) } }, scope);
        expect(logouts).toEqual([{ method: 'POST', url: `/auth/v1/logout?scope=${scope}`, bearer: token }]);
        expect(written.find((c) => c.name === 'sb-127-auth-token')).toMatchObject({ value: '', options: { maxAge: 0 } });
      }
    });

    it('with a script’s Bearer token: POST /logout?scope= with that token', async () => {
      const { supabaseSignOut } = await import('@/lib/auth/supabase');
      const token = await accessToken();
      logouts.length = 0;
      await supabaseSignOut({ bearer: token }, 'others');
      expect(logouts).toEqual([{ method: 'POST', url: '/auth/v1/logout?scope=others', bearer: token }]);
    });

    it('an already ended session is not an error; a failing auth server is', async () => {
      const { supabaseSignOut } = await import('@/lib/auth/supabase');
      const token = await accessToken();
      try {
        logoutStatus = 404;
        await expect(supabaseSignOut({ bearer: token }, 'local')).resolves.toBeUndefined();
        logoutStatus = 500;
        await expect(supabaseSignOut({ bearer: token }, 'local')).rejects.toMatchObject({ status: 500 });
      } finally {
        logoutStatus = 204;
      }
    });
  });
});
