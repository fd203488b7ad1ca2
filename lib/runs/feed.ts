import 'server-only';
import type { SessionUser } from '@/lib/auth/claims';
import { withRls } from '@/lib/db/rls';
import { RUN_COLUMNS, toRunView, type RunRow, type RunView } from './run-row';

/**
 * A write's updated_at is its transaction's start, and it becomes visible when it commits:
 * each look reaches this far behind the previous one, so a write that committed late is
 * still seen. (The stream sends a run only when it differs from what it sent before.)
 */
const OVERLAP_MS = 5_000;

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
 * changed, and whether the set of runs did. Indexed reads, however many runs the corpus has.
 */
export async function readCorpusFeed(user: SessionUser, corpusId: string, since: Date | null): Promise<CorpusFeedTick> {
  return withRls(user.claims, async (tx) => {
    const [clock] = await tx<{ now: Date; runs: number; newest: string | null }[]>`
      select now(), count(*)::int as runs, max(created_at)::text as newest from public.runs where corpus_id = ${corpusId}`;
    const from = new Date((since ?? clock!.now).getTime() - OVERLAP_MS);
    const rows = await tx<RunRow[]>`
      select ${tx.unsafe(RUN_COLUMNS)} from public.runs
      where corpus_id = ${corpusId} and updated_at > ${from}
      order by updated_at desc limit 500`;
    return { runs: rows.map(toRunView), next: clock!.now, version: `${clock!.runs}:${clock!.newest ?? ''}` };
  });
}
