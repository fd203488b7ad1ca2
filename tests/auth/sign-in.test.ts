import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAuthUser, DEFAULT_ADMIN_EMAIL, DEMO_WORKSPACE, seed } from '@/lib/boot/seed';
import { createTestDatabase, useAppDatabase } from '../support/db';
import { tempDir } from '../support/tmp';

describe('password sign-in against auth.users', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let signIn: typeof import('@/lib/auth/sign-in');
  let tokens: typeof import('@/lib/auth/tokens');

  beforeAll(async () => {
    db = await createTestDatabase();
    tmp = await tempDir();
    vi.stubEnv('RECALL_DATA_DIR', tmp.dir);
    vi.stubEnv('NEXT_PUBLIC_SUPABASE_URL', '');
    vi.resetModules();
    await useAppDatabase(db.url);
    signIn = await import('@/lib/auth/sign-in');
    tokens = await import('@/lib/auth/tokens');
  });
  afterAll(async () => {
    const { closePool } = await import('@/lib/db/pool-holder');
    await closePool();
    vi.unstubAllEnvs();
    await db.drop();
    await tmp.remove();
  });

  it('stores passwords as Supabase Auth does ($2a$ bcrypt) and signs in with them', async () => {
    await createAuthUser(db.sql, 'Lin@Example.com', 'correct horse battery');
    const [row] = await db.sql`select email, encrypted_password, email_confirmed_at is not null as confirmed from auth.users where email = 'lin@example.com'`;
    expect(row?.encrypted_password).toMatch(/^\$2a\$10\$/);
    expect(row?.confirmed).toBe(true);

    const session = await signIn.signInWithPassword({ email: ' LIN@example.com ', password: 'correct horse battery', client: 'c1' });
    const claims = await tokens.verifyAccessToken(session.token);
    expect(claims).toMatchObject({ email: 'lin@example.com', role: 'authenticated' });
    const [signedIn] = await db.sql`select last_sign_in_at is not null as recorded from auth.users where email = 'lin@example.com'`;
    expect(signedIn?.recorded).toBe(true);
  });

  it('also accepts hashes written by GoTrue-compatible tools with bcryptjs', async () => {
    const hash = bcrypt.hashSync('another secret', 10).replace(/^\$2b\$/, '$2a$');
    await db.sql`insert into auth.users (id, aud, role, email, encrypted_password)
                 values (gen_random_uuid(), 'authenticated', 'authenticated', 'mo@example.com', ${hash})`;
    await expect(signIn.signInWithPassword({ email: 'mo@example.com', password: 'another secret', client: 'c2' })).resolves.toHaveProperty('token');
  });

  it('answers the same for a wrong password and an unknown email', async () => {
    const wrong = signIn.signInWithPassword({ email: 'lin@example.com', password: 'nope', client: 'c3' });
    const unknown = signIn.signInWithPassword({ email: 'nobody@example.com', password: 'nope', client: 'c3' });
    const [a, b] = await Promise.allSettled([wrong, unknown]);
    expect(a.status).toBe('rejected');
    expect(b.status).toBe('rejected');
    const errors = [a, b].map((r) => (r as PromiseRejectedResult).reason);
    expect(errors.map((e) => [e.code, e.status, e.message])).toEqual([
      ['invalid_credentials', 400, signIn.INVALID_CREDENTIALS],
      ['invalid_credentials', 400, signIn.INVALID_CREDENTIALS],
    ]);
  });

  it('rate-limits repeated failures for an account, even when the password is then right', async () => {
    await createAuthUser(db.sql, 'target@example.com', 'the real password');
    for (let i = 0; i < 5; i++) {
      await expect(signIn.signInWithPassword({ email: 'target@example.com', password: `guess-${i}`, client: `g${i}` })).rejects.toMatchObject({
        code: 'invalid_credentials',
      });
    }
    const limited = signIn.signInWithPassword({ email: 'target@example.com', password: 'the real password', client: 'g9' });
    await expect(limited).rejects.toMatchObject({ code: 'rate_limited', status: 429 });
    await expect(limited).rejects.toHaveProperty('headers.Retry-After');
  });

  it('keeps the counts in Postgres: a fresh copy of the code (another bundle, process or restart) sees them', async () => {
    await createAuthUser(db.sql, 'shared@example.com', 'shared password');
    for (let i = 0; i < 5; i++) {
      await expect(signIn.signInWithPassword({ email: 'shared@example.com', password: `x${i}`, client: `s${i}` })).rejects.toMatchObject({ code: 'invalid_credentials' });
    }
    vi.resetModules();
    const fresh: typeof import('@/lib/auth/sign-in') = await import('@/lib/auth/sign-in');
    expect(fresh).not.toBe(signIn);
    await expect(fresh.signInWithPassword({ email: 'shared@example.com', password: 'shared password', client: 's9' })).rejects.toMatchObject({ code: 'rate_limited' });
    const [{ n }] = (await db.sql`select count(*)::int as n from private.sign_in_failures where key = 'email:shared@example.com'`) as unknown as [{ n: number }];
    expect(n).toBe(5);
  });

  it('lets exactly the limit through when guesses arrive all at once', async () => {
    await createAuthUser(db.sql, 'burst@example.com', 'burst password');
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => signIn.signInWithPassword({ email: 'burst@example.com', password: `guess ${i}`, client: `burst-${i}` })),
    );
    const codes = results.map((r) => (r as PromiseRejectedResult).reason.code as string);
    expect(codes.filter((code) => code === 'invalid_credentials')).toHaveLength(5);
    expect(codes.filter((code) => code === 'rate_limited')).toHaveLength(15);
  });

  it('forgets failures older than the window, and clears the account on success', async () => {
    await createAuthUser(db.sql, 'window@example.com', 'window password');
    await db.sql`insert into private.sign_in_failures (key, at)
                 select 'email:window@example.com', now() - interval '16 minutes' from generate_series(1, 5)`;
    await expect(signIn.signInWithPassword({ email: 'window@example.com', password: 'window password', client: 'w1' })).resolves.toHaveProperty('token');
    const left = await db.sql`select key from private.sign_in_failures where key in ('email:window@example.com', 'client:w1')`;
    expect(left).toEqual([]);
    // Four fresh failures, then success: the account's count is cleared, so five more are allowed.
    for (let i = 0; i < 4; i++) await signIn.signInWithPassword({ email: 'window@example.com', password: 'bad', client: 'w2' }).catch(() => undefined);
    await signIn.signInWithPassword({ email: 'window@example.com', password: 'window password', client: 'w2' });
    const [{ n }] = (await db.sql`select count(*)::int as n from private.sign_in_failures where key = 'email:window@example.com'`) as unknown as [{ n: number }];
    expect(n).toBe(0);
  });

  it('limits a client address across accounts', async () => {
    const attempts = await Promise.allSettled(
      Array.from({ length: 22 }, (_, i) => signIn.signInWithPassword({ email: `spray-${i}@example.com`, password: 'x', client: 'sprayer' })),
    );
    const codes = attempts.map((r) => (r as PromiseRejectedResult).reason.code as string);
    expect(codes.filter((code) => code === 'rate_limited')).toHaveLength(2);
  });

  it('refuses banned users with the same answer', async () => {
    await createAuthUser(db.sql, 'banned@example.com', 'valid password');
    await db.sql`update auth.users set banned_until = now() + interval '1 day' where email = 'banned@example.com'`;
    await expect(signIn.signInWithPassword({ email: 'banned@example.com', password: 'valid password', client: 'b' })).rejects.toMatchObject({
      code: 'invalid_credentials',
    });
  });
});

describe('first-boot seed', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('creates the Demo workspace and its admin with a generated password, once', async () => {
    const first = await seed(db.sql, { createUsers: true });
    expect(first.adminEmail).toBe(DEFAULT_ADMIN_EMAIL);
    expect(first.generatedPassword).toMatch(/^[\w-]{16}$/);
    const members = await db.sql`
      select w.name, m.role, u.email from public.workspace_members m
      join public.workspaces w on w.id = m.workspace_id join auth.users u on u.id = m.user_id`;
    expect(members).toEqual([{ name: DEMO_WORKSPACE, role: 'admin', email: DEFAULT_ADMIN_EMAIL }]);
    const [{ ok }] = (await db.sql`select encrypted_password = extensions.crypt(${first.generatedPassword!}, encrypted_password) as ok
                                   from auth.users where email = ${DEFAULT_ADMIN_EMAIL}`) as unknown as [{ ok: boolean }];
    expect(ok).toBe(true);

    const again = await seed(db.sql, { createUsers: true });
    expect(again).toEqual({ workspaceId: first.workspaceId, createdWorkspace: false, adminEmail: null, generatedPassword: null });
    expect(first.createdWorkspace).toBe(true);
    expect(await db.sql`select 1 from public.workspaces`).toHaveLength(1);
  });

  it('adds a newly configured RECALL_ADMIN_EMAIL with the given password as Demo admin', async () => {
    const result = await seed(db.sql, { adminEmail: 'Ops@Example.com', adminPassword: 'a long password', createUsers: true });
    expect(result).toMatchObject({ adminEmail: 'ops@example.com', generatedPassword: null });
    const [row] = await db.sql`select m.role from public.workspace_members m join auth.users u on u.id = m.user_id where u.email = 'ops@example.com'`;
    expect(row).toEqual({ role: 'admin' });
  });

  it('in Supabase mode creates no users but gives an existing admin the Demo workspace', async () => {
    const fresh = await createTestDatabase();
    try {
      expect(await seed(fresh.sql, { adminEmail: 'sb@example.com', createUsers: false })).toMatchObject({ adminEmail: null });
      expect(await fresh.sql`select 1 from auth.users`).toHaveLength(0);
      await createAuthUser(fresh.sql, 'sb@example.com', 'signed up via supabase');
      await fresh.sql`update auth.users set email_confirmed_at = null where email = 'sb@example.com'`;
      // An unconfirmed sign-up with the admin's address is not promoted.
      expect(await seed(fresh.sql, { adminEmail: 'sb@example.com', createUsers: false })).toMatchObject({ adminEmail: null });
      expect(await fresh.sql`select 1 from public.workspace_members`).toHaveLength(0);
      await fresh.sql`update auth.users set email_confirmed_at = now() where email = 'sb@example.com'`;
      expect(await seed(fresh.sql, { adminEmail: 'sb@example.com', createUsers: false })).toMatchObject({ adminEmail: 'sb@example.com' });
      expect(await fresh.sql`select role from public.workspace_members`).toEqual([{ role: 'admin' }]);
    } finally {
      await fresh.drop();
    }
  });
});
