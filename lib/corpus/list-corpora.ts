import 'server-only';
import type { SessionUser } from '@/lib/auth/claims';
import { withRls } from '@/lib/db/rls';

export type CorpusSummary = {
  id: string;
  name: string;
  workspace_id: string;
  document_count: number;
  chunk_count: number;
  created_at: Date;
};

/** Corpora the user can read (optionally in one workspace), with their sizes. */
export async function listCorpora(user: SessionUser, workspaceId?: string): Promise<CorpusSummary[]> {
  return withRls(user.claims, (tx) =>
    tx<CorpusSummary[]>`
      select c.id, c.name, c.workspace_id, c.created_at,
             (select count(*) from public.documents d where d.corpus_id = c.id)::int as document_count,
             (select count(*) from public.chunks k where k.corpus_id = c.id)::int as chunk_count
      from public.corpora c
      where ${workspaceId ?? null}::uuid is null or c.workspace_id = ${workspaceId ?? null}::uuid
      order by c.created_at desc, c.name`,
  );
}
