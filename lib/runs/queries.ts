import 'server-only';
import { z } from 'zod';
import type { SessionUser } from '@/lib/auth/claims';
import { withRls } from '@/lib/db/rls';
import { AppError } from '@/lib/errors';
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

const runCursorSchema = z.tuple([z.string(), z.uuid()]);

export async function listRuns(
  user: SessionUser,
  options: { corpusId?: string; statuses?: readonly RunStatus[]; cursor?: string | null; limit?: number },
): Promise<{ runs: RunView[]; next_cursor: string | null }> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
  const after = decode(options.cursor, runCursorSchema);
  const rows = await withRls(user.claims, (tx) =>
    tx<RunRow[]>`
      select ${tx.unsafe(RUN_COLUMNS)} from public.runs
      where (${options.corpusId ?? null}::uuid is null or corpus_id = ${options.corpusId ?? null}::uuid)
        and (${options.statuses?.length ? [...options.statuses] : null}::text[] is null or status = any(${options.statuses?.length ? [...options.statuses] : null}::text[]))
        and (${after === null} or (created_at, id) < (${after?.[0] ?? null}::timestamptz, ${after?.[1] ?? null}::uuid))
      order by created_at desc, id desc
      limit ${limit + 1}`,
  );
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    runs: page.map(toRunView),
    next_cursor: rows.length > limit && last ? encode([last.created_at.toISOString(), last.id]) : null,
  };
}

export type PairView = { id: number; chunk_id: string; ordinal: number; question: string; review_state: 'pending' | 'approved' | 'rejected' };

export async function listPairs(user: SessionUser, runId: string, options: { cursor?: string | null; limit?: number }) {
  const limit = Math.min(Math.max(options.limit ?? 100, 1), 500);
  const after = decode(options.cursor, z.number().int());
  return withRls(user.claims, async (tx) => {
    const [run] = await tx`select 1 from public.runs where id = ${runId}`;
    if (!run) throw new AppError('not_found', 'Run not found.');
    const rows = await tx<PairView[]>`
      select id::int as id, chunk_id, ordinal, question, review_state from public.pairs
      where run_id = ${runId} and id > ${after ?? 0}
      order by id limit ${limit + 1}`;
    const page = rows.slice(0, limit);
    return { pairs: page, next_cursor: rows.length > limit ? encode(page.at(-1)!.id) : null };
  });
}

/** The run keeping the corpus from starting another, if any (at most one unfinished run per corpus). */
export async function getBlockingRun(user: SessionUser, corpusId: string): Promise<RunView | null> {
  const [row] = await withRls(user.claims, (tx) =>
    tx<RunRow[]>`select ${tx.unsafe(RUN_COLUMNS)} from public.runs where corpus_id = ${corpusId} and status <> 'completed' and continued_at is null limit 1`,
  );
  return row ? toRunView(row) : null;
}
