import 'server-only';
import { z } from 'zod';
import type { SessionUser } from '@/lib/auth/claims';
import { withRls } from '@/lib/db/rls';
import { AppError } from '@/lib/errors';
import { blockingRunOf } from './blocking';
import { RUN_COLUMNS, toRunView, type RunRow, type RunView } from './run-row';
import type { RunStatus } from './status';

export async function getRun(user: SessionUser, runId: string): Promise<RunView> {
  const [row] = await withRls(user.claims, (tx) => tx<RunRow[]>`select ${tx.unsafe(RUN_COLUMNS)} from public.runs where id = ${runId}`);
  if (!row) throw new AppError('not_found', 'Run not found.');
  return toRunView(row);
}

/** Opaque keyset cursors: stable under inserts, cheap at any depth. */
const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
function decode<T extends z.ZodType>(cursor: string | null | undefined, schema: T): z.infer<T> | null {
  if (!cursor) return null;
  try {
    return schema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString()));
  } catch {
    throw new AppError('bad_request', 'The cursor is not valid.');
  }
}

// The cursor's time is checked here: a well-formed cursor holding a non-date would otherwise reach Postgres.
const runCursorSchema = z.tuple([z.iso.datetime(), z.uuid()]);

/**
 * Runs, newest first, a page at a time: `cursor` pages to older runs, `before` back to newer
 * ones. Keyset cursors on (created_at, id): stable under inserts, cheap at any depth.
 */
export async function listRuns(
  user: SessionUser,
  options: { corpusId?: string; statuses?: readonly RunStatus[]; cursor?: string | null; before?: string | null; limit?: number },
): Promise<{ runs: RunView[]; next_cursor: string | null; prev_cursor: string | null }> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
  const older = decode(options.cursor, runCursorSchema);
  const newer = older ? null : decode(options.before, runCursorSchema);
  const corpusId = options.corpusId ?? null;
  const statuses = options.statuses?.length ? [...options.statuses] : null;
  // Cursors keep created_at to the microsecond (and are passed as text: a timestamptz
  // parameter goes through a JavaScript Date, which rounds to the millisecond), or the
  // boundary row would be shown twice and a neighbour skipped.
  const columns = `${RUN_COLUMNS}, to_char(created_at at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as cursor_at`;
  type Row = RunRow & { cursor_at: string };
  return withRls(user.claims, async (tx) => {
    const filters = tx`(${corpusId}::uuid is null or corpus_id = ${corpusId}::uuid)
      and (${statuses}::text[] is null or status = any(${statuses}::text[]))`;
    const rows = newer
      ? (await tx<Row[]>`
          select ${tx.unsafe(columns)} from public.runs
          where ${filters} and (created_at, id) > (${newer[0]}::text::timestamptz, ${newer[1]}::uuid)
          order by created_at, id limit ${limit + 1}`).reverse()
      : await tx<Row[]>`
          select ${tx.unsafe(columns)} from public.runs
          where ${filters} and (${older === null} or (created_at, id) < (${older?.[0] ?? null}::text::timestamptz, ${older?.[1] ?? null}::uuid))
          order by created_at desc, id desc limit ${limit + 1}`;
    // The extra row says there is more in the direction of travel; it is dropped from the page.
    const page = newer ? rows.slice(rows.length > limit ? 1 : 0) : rows.slice(0, limit);
    const first = page[0];
    const last = page.at(-1);
    const exists = async (direction: '<' | '>', row: Row | undefined) =>
      row
        ? (await tx`select 1 from public.runs where ${filters} and (created_at, id) ${tx.unsafe(direction)} (${row.cursor_at}::text::timestamptz, ${row.id}::uuid) limit 1`).length > 0
        : false;
    const moreOlder = newer ? await exists('<', last) : rows.length > limit;
    const moreNewer = newer ? rows.length > limit : older !== null && (await exists('>', first));
    return {
      runs: page.map(({ cursor_at: _cursor, ...row }) => toRunView(row)),
      next_cursor: moreOlder && last ? encode([last.cursor_at, last.id]) : null,
      prev_cursor: moreNewer && first ? encode([first.cursor_at, first.id]) : null,
    };
  });
}

/** The run keeping the corpus from starting another, if any (at most one unfinished run per corpus). */
export async function getBlockingRun(user: SessionUser, corpusId: string): Promise<RunView | null> {
  const row = await withRls(user.claims, (tx) => blockingRunOf(tx, corpusId));
  return row ? toRunView(row) : null;
}
