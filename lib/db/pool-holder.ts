import type { Sql } from 'postgres';

/**
 * Where the process's one pool lives. On globalThis so that the copy of lib/ bundled by
 * Next and the copy loaded by scripts/start.ts (same process) share it, and so that dev
 * reloads reuse it instead of leaking a pool per edit.
 */
export const poolHolder = globalThis as typeof globalThis & { __recallSql?: Sql };

export async function closePool() {
  const sql = poolHolder.__recallSql;
  poolHolder.__recallSql = undefined;
  await sql?.end({ timeout: 5 });
}
