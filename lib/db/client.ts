import 'server-only';
import type { Sql } from 'postgres';
import { connect } from './connect';
import { runtimeDatabaseUrl } from './url';

// Kept on globalThis so that Next's dev reloads reuse the pool instead of leaking one per edit.
const holder = globalThis as typeof globalThis & { __recallSql?: Sql };

/**
 * The process's one pool. Only lib/db/rls.ts (user queries, role switched per
 * transaction) and lib/db/service.ts (privileged work) use it directly.
 */
export function pool(): Sql {
  holder.__recallSql ??= connect(runtimeDatabaseUrl());
  return holder.__recallSql;
}

export async function closePool() {
  const sql = holder.__recallSql;
  holder.__recallSql = undefined;
  await sql?.end({ timeout: 5 });
}
