import 'server-only';
import type { SessionUser } from '@/lib/auth/claims';
import { withRls } from '@/lib/db/rls';

export type RunSignalsStatus = {
  state: 'pending' | 'running' | 'done' | 'failed';
  pairs_checked: number;
  summary: Record<string, number> | null;
  error: string | null;
  finished_at: Date | null;
};

/** Where the run's signal job stands, and its last summary (null: never asked for, e.g. still generating). */
export async function runSignalsStatus(user: SessionUser, runId: string): Promise<RunSignalsStatus | null> {
  const [row] = await withRls(user.claims, (tx) => tx<RunSignalsStatus[]>`
    select state, pairs_checked, summary, error, finished_at from public.run_signals where run_id = ${runId}`);
  return row ?? null;
}
