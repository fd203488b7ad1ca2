import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blocksCorpus } from '@/lib/runs/available-actions';
import { BLOCKING_RUN_SQL } from '@/lib/runs/blocking';
import { REVIEW_STATES } from '@/lib/review/states';
import { ACTIVE, RUN_STATUSES, STOP_REASONS } from '@/lib/runs/status';
import { createTestDatabase } from '../support/db';

/**
 * The vocabularies the code and the schema share: the TypeScript lists must be exactly the
 * values the SQL check constraints allow, and the blocking rule exactly the predicate of
 * the index that enforces it.
 */
describe('code and schema agree', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  /** The values a column's `check (column in (…))` constraint allows, read from the catalog. */
  async function allowedValues(table: string, column: string): Promise<string[]> {
    const rows = await db.sql<{ def: string }[]>`
      select pg_get_constraintdef(c.oid) as def
      from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any(c.conkey)
      where c.conrelid = ${table}::regclass and c.contype = 'c' and a.attname = ${column} and array_length(c.conkey, 1) = 1`;
    const def = rows.map((row) => row.def).find((text) => /ANY \(ARRAY\[/.test(text));
    expect(def, `${table}.${column} has a check constraint listing its values`).toBeDefined();
    return [...def!.matchAll(/'([^']+)'::text/g)].map((match) => match[1]!).sort();
  }

  it.each([
    ['public.runs', 'status', RUN_STATUSES],
    ['public.runs', 'cancelled_from', ACTIVE],
    ['public.run_events', 'from_status', RUN_STATUSES],
    ['public.run_events', 'to_status', RUN_STATUSES],
    ['public.runs', 'stop_reason', STOP_REASONS],
    ['public.pairs', 'review_state', REVIEW_STATES],
  ] as const)('%s.%s allows exactly the values the code knows', async (table, column, values) => {
    expect(await allowedValues(table, column)).toEqual([...values].sort());
  });

  it('a run blocks its corpus exactly when the unique index counts it', async () => {
    const [index] = await db.sql<{ predicate: string }[]>`
      select pg_get_expr(i.indpred, i.indrelid) as predicate
      from pg_index i where i.indexrelid = 'public.runs_one_unfinished_per_corpus'::regclass`;
    expect(index?.predicate).toBeTruthy();
    for (const status of RUN_STATUSES) {
      for (const continued of [null, new Date()]) {
        const [row] = await db.sql<{ by_index: boolean; by_query: boolean }[]>`
          select (${db.sql.unsafe(index!.predicate)}) as by_index, (${db.sql.unsafe(BLOCKING_RUN_SQL)}) as by_query
          from (select ${status}::text as status, ${continued}::timestamptz as continued_at) as runs`;
        const expected = blocksCorpus({ status, continued_at: continued });
        expect({ status, continued: continued !== null, ...row }).toEqual({ status, continued: continued !== null, by_index: expected, by_query: expected });
      }
    }
  });
});
