import 'server-only';
import bcrypt from 'bcryptjs';
import { serviceSql } from '@/lib/db/service';
import { AppError } from '@/lib/errors';
import { createRateLimiter } from './rate-limit';
import { signAccessToken } from './tokens';

// Per account and per client address: a guesser is slowed on both axes.
const perEmail = createRateLimiter({ limit: 5, windowMs: 15 * 60_000 });
const perClient = createRateLimiter({ limit: 20, windowMs: 15 * 60_000 });

// Compared against when the email is unknown, so both cases cost one bcrypt check.
let dummyHash: string | undefined;
const unknownUserHash = () => (dummyHash ??= bcrypt.hashSync('recall-unknown-user', 10));

export const INVALID_CREDENTIALS = 'Invalid email or password.';

/**
 * Checks an email and password against auth.users.encrypted_password (bcrypt, as
 * Supabase Auth stores it) and issues an access token. The answer is the same whether
 * or not the email exists; repeated failures are rate-limited.
 */
export async function signInWithPassword(input: { email: string; password: string; client: string }) {
  const email = input.email.trim().toLowerCase();
  const emailKey = `email:${email}`;
  const clientKey = `client:${input.client}`;
  const wait = Math.max(perEmail.retryAfter(emailKey), perClient.retryAfter(clientKey));
  if (wait > 0) {
    throw new AppError('rate_limited', `Too many failed sign-in attempts. Try again in ${Math.ceil(wait / 60)} min.`, {
      headers: { 'Retry-After': String(wait) },
    });
  }

  // Counted before the (slow) password check, so parallel guesses cannot slip past the limit.
  perEmail.recordFailure(emailKey);
  perClient.recordFailure(clientKey);

  const sql = serviceSql();
  const [user] = await sql<{ id: string; email: string; encrypted_password: string | null; banned: boolean }[]>`
    select id, email, encrypted_password, coalesce(banned_until > now(), false) as banned
    from auth.users
    where lower(email) = ${email} and deleted_at is null and not is_sso_user
    limit 1`;
  const matches = await bcrypt.compare(input.password, user?.encrypted_password || unknownUserHash());
  if (!user || !matches || user.banned) throw new AppError('invalid_credentials', INVALID_CREDENTIALS);
  perEmail.reset(emailKey);
  perClient.forgive(clientKey);
  await sql`update auth.users set last_sign_in_at = now() where id = ${user.id}`;
  return signAccessToken({ id: user.id, email: user.email });
}
