import { expect, test } from '@playwright/test';
import { E2E_ADMIN } from '../../playwright.config';

test.use({ storageState: { cookies: [], origins: [] } });

const token = async (request: import('@playwright/test').APIRequestContext) => {
  const response = await request.post('/api/auth/token', { data: E2E_ADMIN });
  expect(response.status()).toBe(200);
  return (await response.json()) as { access_token: string; token_type: string; expires_in: number };
};

test('POST /api/auth/token issues a Bearer token that every API route accepts', async ({ request }) => {
  const issued = await token(request);
  expect(issued).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
  const me = await request.get('/api/me', { headers: { Authorization: `Bearer ${issued.access_token}` } });
  expect(me.status()).toBe(200);
  const body = await me.json();
  expect(body.user.email).toBe(E2E_ADMIN.email);
  expect(body.workspaces).toContainEqual(expect.objectContaining({ name: 'Demo', role: 'admin' }));

  const corpora = await request.get('/api/corpora', { headers: { Authorization: `Bearer ${issued.access_token}` } });
  expect(corpora.status()).toBe(200);
  expect(await corpora.json()).toEqual({ corpora: expect.any(Array) });
});

test('the token verifies against the published JWKS', async ({ request }) => {
  const { createLocalJWKSet, jwtVerify } = await import('jose');
  const issued = await token(request);
  const jwks = await (await request.get('/auth/v1/.well-known/jwks.json')).json();
  expect(jwks.keys[0]).toMatchObject({ kty: 'EC', alg: 'ES256' });
  expect(jwks.keys[0]).not.toHaveProperty('d');
  const { payload } = await jwtVerify(issued.access_token, createLocalJWKSet(jwks), { audience: 'authenticated' });
  expect(payload).toMatchObject({ role: 'authenticated', email: E2E_ADMIN.email });
});

test('API errors have one shape and leak nothing', async ({ request }) => {
  const missing = await request.get('/api/me');
  expect(missing.status()).toBe(401);
  expect(await missing.json()).toEqual({ error: { code: 'unauthenticated', message: expect.stringContaining('Bearer') } });

  const forged = await request.get('/api/me', { headers: { Authorization: 'Bearer abc.def.ghi' } });
  expect(forged.status()).toBe(401);

  const notJson = await request.post('/api/auth/token', { data: Buffer.from('{"email":'), headers: { 'content-type': 'application/json' } });
  expect(notJson.status()).toBe(400);
  expect((await notJson.json()).error.code).toBe('bad_request');

  const invalid = await request.post('/api/auth/token', { data: { email: 'nope', password: '' } });
  expect(invalid.status()).toBe(422);
  const invalidBody = await invalid.json();
  expect(invalidBody.error.code).toBe('validation_failed');
  expect(Object.keys(invalidBody.error.details.fieldErrors).sort()).toEqual(['email', 'password']);

  const huge = await request.post('/api/auth/token', { data: { email: 'a@b.co', password: 'x'.repeat(20_000) } });
  expect(huge.status()).toBe(413);
  expect((await huge.json()).error.code).toBe('payload_too_large');

  const wrong = await request.post('/api/auth/token', { data: { ...E2E_ADMIN, password: 'wrong password' } });
  expect(wrong.status()).toBe(400);
  const wrongText = await wrong.text();
  expect(JSON.parse(wrongText)).toEqual({ error: { code: 'invalid_credentials', message: 'Invalid email or password.' } });
  expect(wrongText).not.toMatch(/select|auth\.users|stack|at \w+ \(/i);
});

test('repeated failed sign-ins are rate-limited with Retry-After', async ({ request }) => {
  const email = `guess-${Date.now()}@e2e.test`;
  const statuses: number[] = [];
  for (let i = 0; i < 6; i++) {
    statuses.push((await request.post('/api/auth/token', { data: { email, password: `guess ${i}` } })).status());
  }
  expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
  const limited = await request.post('/api/auth/token', { data: { email, password: 'guess' } });
  expect(limited.status()).toBe(429);
  expect(Number(limited.headers()['retry-after'])).toBeGreaterThan(0);
  expect((await limited.json()).error.code).toBe('rate_limited');
});
