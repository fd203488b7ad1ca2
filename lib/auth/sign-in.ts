import 'server-only';
import bcrypt from 'bcryptjs';
import type { Sql, TransactionSql } from 'postgres';
import { serviceSql } from '@/lib/db/service';
import { AppError } from '@/lib/errors';
import { signInSucceeded, takeSignInAttempt } from './rate-limit';
import { findAuthAccount, type AuthAccount } from './accounts';
import { startSession, type SessionOrigin } from './sessions';
import { signAccessToken, type TokenSubject } from './tokens';

// Compared against when the email is unknown, so both cases cost one bcrypt check.
let dummyHash: string | undefined;
const unknownUserHash = () => (dummyHash ??= bcrypt.hashSync('recall-unknown-user', 10));

export const INVALID_CREDENTIALS = 'Invalid email or password.';

/**
 * Checks an email and password against auth.users.encrypted_password (bcrypt, as
 * Supabase Auth stores it): the account, or `invalid_credentials`. The answer is the same
 * whether or not the email exists; repeated failures are rate-limited (sign-in, password
 * change and invitations to an existing account all count against the same limits).
 */
export async function verifyPassword(sql: Sql, input: { email: string; password: string; client: string }): Promise<AuthAccount> {
  const email = input.email.trim().toLowerCase();
  const keys = { email, client: input.client };
  // Per account and per client address, a guesser is slowed on both axes. Counted before
  // the (slow) password check, so parallel guesses cannot slip past the limit.
  const wait = await takeSignInAttempt(sql, keys);
  if (wait > 0) {
    throw new AppError('rate_limited', `Too many failed sign-in attempts. Try again in ${Math.ceil(wait / 60)} min.`, {
      headers: { 'Retry-After': String(wait) },
    });
  }
  const user = await findAuthAccount(sql, email);
  const matches = await bcrypt.compare(input.password, user?.encrypted_password || unknownUserHash());
  if (!user || !matches || user.banned) throw new AppError('invalid_credentials', INVALID_CREDENTIALS);
  await signInSucceeded(sql, keys);
  return user;
}

/** Password sign-in: checks the password and starts a session; answers its first access token. */
export async function signInWithPassword(input: { email: string; password: string; client: string; userAgent?: string | null }) {
  const sql = serviceSql();
  const user = await verifyPassword(sql, input);
  return openSession(sql, user, { ip: input.client, userAgent: input.userAgent });
}

/** A password was checked: the account's sign-in is stamped and a session starts, with its first token. */
export async function openSession(sql: Sql | TransactionSql, user: TokenSubject, origin: SessionOrigin) {
  await sql`update auth.users set last_sign_in_at = now() where id = ${user.id}`;
  const session = await startSession(sql, user.id, origin);
  return signAccessToken({ id: user.id, email: user.email }, { id: session.id, authenticatedAt: session.createdAt });
}
