import 'server-only';
import { isIP } from 'node:net';
import type { Sql, TransactionSql } from 'postgres';
import { withRls } from '@/lib/db/rls';
import type { AccessTokenClaims } from './claims';
import { SESSION_MAX_AGE_SECONDS } from './tokens';

/** Where a sign-in came from, kept on the session for the account page. */
export type SessionOrigin = { userAgent?: string | null; ip?: string | null };

const isIp = (value: string | null | undefined): value is string => !!value && isIP(value) !== 0;

/**
 * Starts a session (GoTrue's auth.sessions row) for a user whose password was just checked.
 * Tokens carry its id; the session ends at sign-out or after SESSION_MAX_AGE_SECONDS.
 * Called by the auth server only (password sign-in, invitation accepted).
 */
export async function startSession(sql: Sql | TransactionSql, userId: string, origin: SessionOrigin = {}): Promise<{ id: string; createdAt: number }> {
  const [row] = await sql<{ id: string; created: number }[]>`
    insert into auth.sessions (id, user_id, created_at, updated_at, aal, not_after, user_agent, ip)
    values (gen_random_uuid(), ${userId}, now(), now(), 'aal1', now() + make_interval(secs => ${SESSION_MAX_AGE_SECONDS}),
            ${origin.userAgent?.slice(0, 512) ?? null}, ${isIp(origin.ip) ? origin.ip : null}::inet)
    returning id, extract(epoch from created_at)::float8 as created`;
  return { id: row!.id, createdAt: Math.floor(row!.created) };
}

/** Ends the session the claims' token names (sign-out). Answers whether one ended. */
export async function endSession(claims: AccessTokenClaims): Promise<boolean> {
  const [row] = await withRls(claims, (tx) => tx<{ n: number }[]>`select private.end_current_session() as n`);
  return (row?.n ?? 0) > 0;
}

/** Ends every session of the claims' user ("sign out everywhere"), or all but this one. */
export async function endAllSessions(claims: AccessTokenClaims, { keepCurrent = false } = {}): Promise<number> {
  const [row] = await withRls(claims, (tx) => tx<{ n: number }[]>`select private.end_my_sessions(${keepCurrent}) as n`);
  return row?.n ?? 0;
}
