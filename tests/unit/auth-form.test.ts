import { describe, expect, it } from 'vitest';
import { isSecureRequest, parseBearer } from '@/lib/auth/cookies';
import { safeNextPath, signInSchema } from '@/lib/auth/form';

describe('safeNextPath', () => {
  it.each([
    ['/runs/1', '/runs/1'],
    ['/', '/'],
    ['//evil.example/path', '/'],
    ['/\\evil.example', '/'],
    ['/\t/evil.example/phish', '/'],
    ['/\n/evil.example', '/'],
    ['/%2F/evil.example', '/%2F/evil.example'],
    ['/runs?status=failed#top', '/runs?status=failed#top'],
    ['https://evil.example', '/'],
    [undefined, '/'],
    [42, '/'],
  ])('%s → %s', (input, expected) => expect(safeNextPath(input)).toBe(expected));
});

describe('signInSchema', () => {
  it('trims the email and reports missing fields by name', () => {
    expect(signInSchema.parse({ email: ' a@example.com ', password: 'x' }).email).toBe('a@example.com');
    const result = signInSchema.safeParse({ email: '', password: '' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path[0]).sort()).toEqual(['email', 'password']);
  });
});

describe('parseBearer / isSecureRequest', () => {
  it('reads only well-formed Bearer headers', () => {
    expect(parseBearer('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(parseBearer('bearer abc')).toBe('abc');
    expect(parseBearer('Basic abc')).toBeNull();
    expect(parseBearer('Bearer')).toBeNull();
    expect(parseBearer(null)).toBeNull();
  });

  it('marks cookies Secure only over HTTPS (directly or behind a proxy)', () => {
    expect(isSecureRequest('http://localhost:3000/', null)).toBe(false);
    expect(isSecureRequest('https://recall.example/', null)).toBe(true);
    expect(isSecureRequest('http://internal:3000/', 'https')).toBe(true);
  });
});
