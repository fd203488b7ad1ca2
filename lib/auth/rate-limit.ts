import 'server-only';
import type { Sql } from 'postgres';

/**
 * Failed sign-in limits, kept in Postgres (private.sign_in_failures) so that every web
 * process, and both entry points (the form's server action and POST /api/auth/token),
 * count the same attempts, across restarts.
 */
export const SIGN_IN_LIMITS = {
  windowSeconds: 15 * 60,
  perEmail: 5,
  perClient: 20,
} as const;

export type SignInKeys = { email: string; client: string };

// Keys are bounded: an address from a trusted proxy's X-Forwarded-For is the caller's to choose.
const keysOf = ({ email, client }: SignInKeys) => ({ email: `email:${email.slice(0, 320)}`, client: `client:${client.slice(0, 200)}` });

/** Counts an attempt before the password is checked: 0 when allowed, else the seconds to wait. */
export async function takeSignInAttempt(sql: Sql, keys: SignInKeys): Promise<number> {
  const { email, client } = keysOf(keys);
  const [row] = await sql<{ wait: number }[]>`
    select private.take_sign_in_attempt(
      ${[email, client]}::text[], ${[SIGN_IN_LIMITS.perEmail, SIGN_IN_LIMITS.perClient]}::int[], ${SIGN_IN_LIMITS.windowSeconds}) as wait`;
  return row!.wait;
}

/** The password was right: the account starts afresh, and the client's attempt is taken back. */
export async function signInSucceeded(sql: Sql, keys: SignInKeys): Promise<void> {
  const { email, client } = keysOf(keys);
  await sql`select private.sign_in_succeeded(${email}, ${client})`;
}
