import 'server-only';
import type { SessionUser } from '@/lib/auth/claims';
import { withRls } from '@/lib/db/rls';
import { RUN_COLUMNS, toRunView, type RunRow, type RunView } from './run-row';

/**
 * A write's updated_at is stamped when its statement runs and becomes visible when its
 * transaction commits: each look reaches this far behind the previous one, so a write that
 * committed late is still seen. (The stream sends a run only when it differs from what it
 * sent before, so looking again costs a comparison, not an event.)
 */
const OVERLAP_MS = 30_000;
const PAGE = 500;
/** At most this many changed runs a look (a bulk change is caught up over the next looks). */
const MAX_PAGES = 20;

export type CorpusFeedTick = {
  /** Runs of the corpus that changed since the last look (and some that did not: compare). */
  runs: RunView[];
  /** Where the next look starts. */
  next: Date;
  /** Changes when runs are added to or removed from the corpus. */
  version: string;
};

/**
 * One look at a corpus for the dashboard's live feed, under the user's RLS: the runs that
 * changed since `since`, and whether the set of runs did. Indexed reads, paged by
 * (updated_at, id), however many runs the corpus has.
 */
export async function readCorpusFeed(user: SessionUser, corpusId: string, since: Date): Promise<CorpusFeedTick> {
  return withRls(user.claims, async (tx) => {
    const [clock] = await tx<{ now: Date; runs: number; newest: string | null }[]>`
      select clock_timestamp() as now, count(*)::int as runs, max(created_at)::text as newest from public.runs where corpus_id = ${corpusId}`;
    const runs: (RunRow & { at: string })[] = [];
    let after: { at: string; id: string } = { at: new Date(since.getTime() - OVERLAP_MS).toISOString(), id: '00000000-0000-0000-0000-000000000000' };
    for (let page = 0; page < MAX_PAGES; page++) {
      const rows = await tx<(RunRow & { at: string })[]>`
        select ${tx.unsafe(RUN_COLUMNS)}, to_char(updated_at at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at
        from public.runs
        where corpus_id = ${corpusId} and (updated_at, id) > (${after.at}::text::timestamptz, ${after.id}::uuid)
        order by updated_at, id limit ${PAGE}`;
      runs.push(...rows);
      if (rows.length < PAGE) break;
      after = { at: rows.at(-1)!.at, id: rows.at(-1)!.id };
    }
    return {
      runs: runs.map(({ at: _at, ...row }) => toRunView(row)),
      next: clock!.now,
      version: `${clock!.runs}:${clock!.newest ?? ''}`,
    };
  });
}
