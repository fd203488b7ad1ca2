import 'server-only';
import type { SessionUser } from '@/lib/auth/claims';
import { isUniqueViolation } from '@/lib/db/errors';
import { withRls } from '@/lib/db/rls';
import { AppError } from '@/lib/errors';
import { assertWorkspaceRole } from '@/lib/workspaces/access';
import type { AddDocumentInput } from './schemas';
import { splitDocument } from './split';
import { checkDocumentText, sha256 } from './text';

export type AddedDocument = { document_id: string; chunk_count: number; duplicate_chunks: number };

/**
 * Stores a document and its chunks in one transaction. A passage already in the corpus
 * (same content hash) is not stored again, so no run pays for it twice.
 */
export async function addDocument(user: SessionUser, corpusId: string, input: AddDocumentInput): Promise<AddedDocument> {
  const text = checkDocumentText(input.text);
  const corpus = await withRls(user.claims, async (tx) => {
    const [row] = await tx<{ id: string; workspace_id: string; chunk_size: number; chunk_overlap: number }[]>`
      select id, workspace_id, chunk_size, chunk_overlap from public.corpora where id = ${corpusId}`;
    return row;
  });
  if (!corpus) throw new AppError('not_found', 'Corpus not found.');
  await assertWorkspaceRole(user, corpus.workspace_id, 'admin');

  const chunks = await splitDocument(text, { chunkSize: corpus.chunk_size, chunkOverlap: corpus.chunk_overlap });
  try {
    return await withRls(user.claims, async (tx) => {
      const [document] = await tx<{ id: string }[]>`
        insert into public.documents (workspace_id, corpus_id, title, content, content_hash, byte_size, created_by)
        values (${corpus.workspace_id}, ${corpus.id}, ${input.title}, ${text}, ${sha256(text)}, ${Buffer.byteLength(text)}, ${user.id})
        returning id`;
      const stored = await tx`
        insert into public.chunks (workspace_id, corpus_id, document_id, ordinal, content, content_hash, token_count)
        select ${corpus.workspace_id}, ${corpus.id}, ${document!.id}, c.ordinal, c.content, c.content_hash, c.token_count
        from unnest(${chunks.map((c) => c.ordinal)}::int[], ${chunks.map((c) => c.content)}::text[],
                    ${chunks.map((c) => c.contentHash)}::text[], ${chunks.map((c) => c.tokenCount)}::int[])
             as c(ordinal, content, content_hash, token_count)
        on conflict (corpus_id, content_hash) do nothing`;
      await tx`update public.corpora set updated_at = now() where id = ${corpus.id}`;
      return { document_id: document!.id, chunk_count: stored.count, duplicate_chunks: chunks.length - stored.count };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError('duplicate_document', 'This corpus already holds a document with exactly this text.');
    }
    throw error;
  }
}
