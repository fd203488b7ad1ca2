import 'server-only';
import type { SessionUser } from '@/lib/auth/claims';
import { withRls } from '@/lib/db/rls';
import { newestChunkAt } from './newest-chunk';
import { AppError } from '@/lib/errors';

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

/** One corpus the user can read; 404 otherwise. */
export async function getCorpus(user: SessionUser, corpusId: string): Promise<{ id: string; name: string; workspace_id: string }> {
  const [corpus] = await withRls(user.claims, (tx) => tx<{ id: string; name: string; workspace_id: string }[]>`
    select id, name, workspace_id from public.corpora where id = ${corpusId}`);
  if (!corpus) throw new AppError('not_found', 'Corpus not found.');
  return corpus;
}

/** When the corpus last gained a chunk, read as the user (see newestChunkAt). */
export async function newestChunkIn(user: SessionUser, corpusId: string): Promise<Date | null> {
  return withRls(user.claims, (tx) => newestChunkAt(tx, corpusId));
}
