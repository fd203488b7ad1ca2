import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../support/tmp';

const USER = { id: '0b9f3d4e-8a51-4c1e-9d47-6a2f1c3b5e70', email: 'ada@example.com' };

describe('local access tokens', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let tokens: typeof import('@/lib/auth/tokens');
  let keys: typeof import('@/lib/auth/signing-key');

  beforeAll(async () => {
    tmp = await tempDir();
    vi.stubEnv('RECALL_DATA_DIR', tmp.dir);
    vi.stubEnv('NEXT_PUBLIC_SUPABASE_URL', '');
    vi.resetModules();
    tokens = await import('@/lib/auth/tokens');
    keys = await import('@/lib/auth/signing-key');
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await tmp.remove();
  });

  it('issues tokens with Supabase Auth claims that verify against the local JWKS', async () => {
    const { token, claims, expiresIn } = await tokens.signAccessToken(USER);
    expect(expiresIn).toBe(tokens.ACCESS_TOKEN_TTL_SECONDS);
    const verified = await tokens.verifyAccessToken(token);
    expect(verified).toMatchObject({
      sub: USER.id,
      email: USER.email,
      role: 'authenticated',
      aud: 'authenticated',
      aal: 'aal1',
      is_anonymous: false,
      app_metadata: { provider: 'email', providers: ['email'] },
    });
    expect(verified?.session_id).toBe(claims.session_id);
    expect(verified!.exp - verified!.iat).toBe(tokens.ACCESS_TOKEN_TTL_SECONDS);
  });

  it('keeps the key in the data folder, private to the owner, and reuses it', async () => {
    const { statSync } = await import('node:fs');
    const { dataPaths } = await import('@/lib/db/data-paths');
    const first = await keys.loadOrCreateSigningKey(tmp.dir);
    const second = await keys.loadOrCreateSigningKey(tmp.dir);
    expect(second.kid).toBe(first.kid);
    expect(first.jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', kid: first.kid });
    expect(first.jwks.keys[0]).not.toHaveProperty('d');
    expect(statSync(dataPaths(tmp.dir).signingKey).mode & 0o777).toBe(0o600);
  });

  it('rejects tampered, expired, foreign and wrongly shaped tokens', async () => {
    const { token } = await tokens.signAccessToken(USER);
    const [header, payload, signature] = token.split('.');
    const forged = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    forged.sub = '11111111-1111-4111-8111-111111111111';
    expect(await tokens.verifyAccessToken(`${header}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${signature}`)).toBeNull();

    const key = await keys.loadOrCreateSigningKey(tmp.dir);
    const sign = (claims: Record<string, unknown>) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: key.kid }).sign(key.privateKey);
    const now = Math.floor(Date.now() / 1000);
    const valid = { iss: 'recall', sub: USER.id, aud: 'authenticated', role: 'authenticated', iat: now, exp: now + 60 };
    expect(await tokens.verifyAccessToken(await sign(valid))).not.toBeNull();
    expect(await tokens.verifyAccessToken(await sign({ ...valid, exp: now - 120, iat: now - 3600 }))).toBeNull();
    expect(await tokens.verifyAccessToken(await sign({ ...valid, iss: 'someone-else' }))).toBeNull();
    expect(await tokens.verifyAccessToken(await sign({ ...valid, aud: 'other' }))).toBeNull();
    expect(await tokens.verifyAccessToken(await sign({ ...valid, role: 'service_role' }))).toBeNull();
    expect(await tokens.verifyAccessToken(await sign({ ...valid, sub: 'not-a-uuid' }))).toBeNull();

    const stranger = await generateKeyPair('ES256');
    const strangerToken = await new SignJWT(valid).setProtectedHeader({ alg: 'ES256', kid: key.kid }).sign(stranger.privateKey);
    expect(await tokens.verifyAccessToken(strangerToken)).toBeNull();
    expect(await tokens.verifyAccessToken('not.a.jwt')).toBeNull();
    expect(await exportJWK(stranger.publicKey)).toHaveProperty('kty', 'EC');
  });
});
