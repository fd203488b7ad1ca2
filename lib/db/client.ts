import 'server-only';
import type { Sql } from 'postgres';
import { connect } from './connect';
import { poolHolder } from './pool-holder';
import { runtimeDatabaseUrl } from './url';

/**
 * The process's one pool. Only lib/db/rls.ts (user queries, role switched per
 * transaction) and lib/db/service.ts (privileged work) use it directly.
 */
export function pool(): Sql {
  poolHolder.__recallSql ??= connect(runtimeDatabaseUrl());
  return poolHolder.__recallSql;
}
