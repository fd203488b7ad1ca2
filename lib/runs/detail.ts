import 'server-only';
import type { SessionUser } from '@/lib/auth/claims';
import { withRls } from '@/lib/db/rls';
import { AppError } from '@/lib/errors';
import { lineageCte } from './lineage';
import { RUN_COLUMNS, toRunView, type RunRow, type RunView } from './run-row';
import type { RunStatus } from './status';

export type RunEvent = { id: number; at: Date; actor: string; from_status: RunStatus | null; to_status: RunStatus; message: string | null };
export type LineageRun = { id: string; status: RunStatus; created_at: Date; pair_count: number; total_chunks: number };
export type FailedChunk = { chunk_id: string; attempts: number; last_error: string | null; excerpt: string; document_title: string };
export type RunDetail = {
  run: RunView;
  corpus: { id: string; name: string };
  events: RunEvent[];
  /** Oldest ancestor first, then this run, then its children. */
  ancestors: LineageRun[];
  children: LineageRun[];
  failedChunks: FailedChunk[];
  review: Record<'pending' | 'approved' | 'rejected', number>;
};

/** Everything the run page shows, in one RLS transaction. */
export async function getRunDetail(user: SessionUser, runId: string): Promise<RunDetail> {
  return withRls(user.claims, async (tx) => {
    const [runRow] = await tx<RunRow[]>`select ${tx.unsafe(RUN_COLUMNS)} from public.runs where id = ${runId}`;
    if (!runRow) throw new AppError('not_found', 'Run not found.');
    const [[corpus], events, ancestors, children, failedChunks, review] = await Promise.all([
      tx<{ id: string; name: string }[]>`select id, name from public.corpora where id = ${runRow.corpus_id}`,
      tx<RunEvent[]>`select id::int as id, at, actor, from_status, to_status, message from public.run_events where run_id = ${runId} order by id desc limit 200`,
      tx<LineageRun[]>`
        ${lineageCte(tx, runId)}
        select r.id, r.status, r.created_at, r.pair_count, r.total_chunks from lineage join public.runs r using (id) order by lineage.depth desc`,
      tx<LineageRun[]>`select id, status, created_at, pair_count, total_chunks from public.runs where parent_run_id = ${runId} order by created_at`,
      tx<FailedChunk[]>`
        select rc.chunk_id, rc.attempts, rc.last_error, left(c.content, 240) as excerpt, d.title as document_title
        from public.run_chunks rc join public.chunks c on c.id = rc.chunk_id join public.documents d on d.id = c.document_id
        where rc.run_id = ${runId} and rc.state = 'failed' order by rc.updated_at desc limit 50`,
      // Kept on the run row by triggers (migration 20261203020000): counting here read every pair.
      tx<{ pending: number; approved: number; rejected: number }[]>`
        select pair_count - approved_pairs - rejected_pairs as pending, approved_pairs as approved, rejected_pairs as rejected from public.runs where id = ${runId}`,
    ]);
    return {
      run: toRunView(runRow),
      corpus: corpus!,
      events,
      ancestors,
      children,
      failedChunks,
      review: review[0]!,
    };
  });
}
