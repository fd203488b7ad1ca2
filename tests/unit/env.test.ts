import { describe, expect, it } from 'vitest';
import { authMode, EnvError, parseEnv } from '@/lib/env';

describe('parseEnv', () => {
  it('applies the documented defaults to an empty environment', () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ PORT: 3000, RECALL_DATA_DIR: '.recall', RECALL_WORKER: 'inline' });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(authMode(env)).toBe('local');
  });

  it('treats empty strings as unset', () => {
    expect(parseEnv({ PORT: '', DATABASE_URL: '  ', RECALL_WORKER: '' })).toMatchObject({ PORT: 3000, RECALL_WORKER: 'inline' });
  });

  it.each([
    ['PORT', { PORT: 'eighty' }],
    ['PORT', { PORT: '70000' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://localhost/db' }],
    ['RECALL_WORKER', { RECALL_WORKER: 'sometimes' }],
    ['RECALL_ADMIN_EMAIL', { RECALL_ADMIN_EMAIL: 'not-an-email' }],
    ['RECALL_ADMIN_PASSWORD', { RECALL_ADMIN_PASSWORD: 'short' }],
    ['OPENAI_BASE_URL', { OPENAI_BASE_URL: 'ftp://models.example' }],
    ['NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY', { NEXT_PUBLIC_SUPABASE_URL: 'https://x.supabase.co', DATABASE_URL: 'postgres://u@h/db' }],
    ['DATABASE_URL', { NEXT_PUBLIC_SUPABASE_URL: 'https://x.supabase.co', NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: 'sb_publishable_x' }],
  ])('names %s when it is invalid', (variable, source) => {
    expect(() => parseEnv(source)).toThrowError(EnvError);
    expect(() => parseEnv(source)).toThrowError(new RegExp(`^Invalid environment:\\n  ${variable} `));
  });

  it('never echoes the values it rejects', () => {
    const secret = 'postgres-is-not-this-SECRET';
    expect(() => parseEnv({ DATABASE_URL: secret })).toThrowError(/DATABASE_URL/);
    try {
      parseEnv({ DATABASE_URL: secret });
    } catch (error) {
      expect((error as Error).message).not.toContain(secret);
    }
  });

  it('switches to Supabase Auth when the project URL and key are set', () => {
    const env = parseEnv({
      NEXT_PUBLIC_SUPABASE_URL: 'https://abc.supabase.co',
      NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: 'sb_publishable_abc',
      DATABASE_URL: 'postgresql://postgres:pw@db.abc.supabase.co:5432/postgres',
    });
    expect(authMode(env)).toBe('supabase');
  });
});
