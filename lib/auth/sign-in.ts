import 'server-only';
import bcrypt from 'bcryptjs';
import { serviceSql } from '@/lib/db/service';
import { AppError } from '@/lib/errors';
import { signInSucceeded, takeSignInAttempt } from './rate-limit';
import { signAccessToken } from './tokens';

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
  const keys = { email, client: input.client };
  const sql = serviceSql();
  // Per account and per client address, a guesser is slowed on both axes. Counted before
  // the (slow) password check, so parallel guesses cannot slip past the limit.
  const wait = await takeSignInAttempt(sql, keys);
  if (wait > 0) {
    throw new AppError('rate_limited', `Too many failed sign-in attempts. Try again in ${Math.ceil(wait / 60)} min.`, {
      headers: { 'Retry-After': String(wait) },
    });
  }

  const [user] = await sql<{ id: string; email: string; encrypted_password: string | null; banned: boolean }[]>`
    select id, email, encrypted_password, coalesce(banned_until > now(), false) as banned
    from auth.users
    where lower(email) = ${email} and deleted_at is null and not is_sso_user
    limit 1`;
  const matches = await bcrypt.compare(input.password, user?.encrypted_password || unknownUserHash());
  if (!user || !matches || user.banned) throw new AppError('invalid_credentials', INVALID_CREDENTIALS);
  await signInSucceeded(sql, keys);
  await sql`update auth.users set last_sign_in_at = now() where id = ${user.id}`;
  return signAccessToken({ id: user.id, email: user.email });
}
