import 'server-only';
import type { SessionUser } from '@/lib/auth/claims';
import { withRls } from '@/lib/db/rls';
import { AppError } from '@/lib/errors';
import { assertWorkspaceRole } from '@/lib/workspaces/access';

export type RemovedDocument = { deleted_chunks: number; affected_runs: number };

/**
 * Deletes a document and the chunks only it contains. Runs that covered them lose those chunk states and
 * their pairs (cascade); their counters follow, and an unfinished generation stops with
 * "corpus changed" for an admin to proceed without them.
 */
export async function removeDocument(user: SessionUser, corpusId: string, documentId: string): Promise<RemovedDocument> {
  const [document] = await withRls(user.claims, (tx) => tx<{ workspace_id: string }[]>`
    select workspace_id from public.documents where id = ${documentId} and corpus_id = ${corpusId}`);
  if (!document) throw new AppError('not_found', 'Document not found.');
  await assertWorkspaceRole(user, document.workspace_id, 'admin');
  return withRls(user.claims, async (tx) => {
    // A passage is stored once per corpus, under the first document it was found in. One that
    // another document also contains stays, under that document: only what leaves the
    // corpus with this document is deleted.
    await tx`
      update public.chunks c set document_id = coalesce((
        select d.id from public.documents d
        where d.corpus_id = c.corpus_id and d.id <> ${documentId} and strpos(d.content, c.content) > 0
        order by d.created_at limit 1), c.document_id)
      where c.document_id = ${documentId}`;
    const [counts] = await tx<RemovedDocument[]>`
      select (select count(*)::int from public.chunks where document_id = ${documentId}) as deleted_chunks,
             (select count(distinct rc.run_id)::int from public.run_chunks rc join public.chunks c on c.id = rc.chunk_id
              where c.document_id = ${documentId}) as affected_runs`;
    const deleted = await tx`delete from public.documents where id = ${documentId} and corpus_id = ${corpusId}`;
    if (deleted.count === 0) throw new AppError('not_found', 'Document not found.');
    return counts!;
  });
}
