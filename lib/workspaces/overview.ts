import 'server-only';
import type { SessionUser } from '@/lib/auth/claims';
import { withRls } from '@/lib/db/rls';

export type WorkspaceOverview = {
  corpora: number;
  documents: number;
  chunks: number;
  runs: number;
  activeRuns: number;
  pairs: number;
  members: number;
};

/** Headline numbers of a workspace, read under the user's RLS. */
export async function getWorkspaceOverview(user: SessionUser, workspaceId: string): Promise<WorkspaceOverview> {
  return withRls(user.claims, async (tx) => {
    const [row] = await tx<WorkspaceOverview[]>`
      select
        (select count(*) from public.corpora where workspace_id = ${workspaceId})::int as corpora,
        (select count(*) from public.documents where workspace_id = ${workspaceId})::int as documents,
        (select count(*) from public.chunks where workspace_id = ${workspaceId})::int as chunks,
        (select count(*) from public.runs where workspace_id = ${workspaceId})::int as runs,
        (select count(*) from public.runs where workspace_id = ${workspaceId}
           and status in ('queued', 'generating', 'training'))::int as "activeRuns",
        (select coalesce(sum(pair_count), 0) from public.runs where workspace_id = ${workspaceId})::int as pairs,
        (select count(*) from public.workspace_members where workspace_id = ${workspaceId})::int as members`;
    return row!;
  });
}
