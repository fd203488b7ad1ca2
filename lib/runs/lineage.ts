import 'server-only';
import type { Sql, TransactionSql } from 'postgres';

type Db = Sql | TransactionSql;

/** Deep enough for any real lineage; a bound so that a cycle written by hand cannot loop forever. */
export const MAX_LINEAGE_DEPTH = 1000;

/**
 * A run and its ancestors (parent_run_id), as the CTE `lineage (id, parent_run_id, depth)`,
 * depth 0 being the run itself. Continuations and training use the whole lineage.
 */
export const lineageCte = (sql: Db, runId: string) => sql`
  with recursive lineage as (
    select id, parent_run_id, 0 as depth from public.runs where id = ${runId}
    union all
    select r.id, r.parent_run_id, l.depth + 1 from public.runs r join lineage l on r.id = l.parent_run_id
    where l.depth < ${MAX_LINEAGE_DEPTH})`;

/** The ids of the run's lineage, the run first. */
export async function lineageOf(sql: Db, runId: string): Promise<string[]> {
  const rows = await sql<{ id: string }[]>`${lineageCte(sql, runId)} select id from lineage order by depth`;
  return rows.map((row) => row.id);
}
