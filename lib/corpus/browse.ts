import 'server-only';
import type { SessionUser } from '@/lib/auth/claims';
import { withRls } from '@/lib/db/rls';
import { AppError } from '@/lib/errors';

export type DocumentRow = { id: string; title: string; chunk_count: number; byte_size: number; created_at: Date };
export type ChunkRow = { id: string; document_title: string; ordinal: number; token_count: number; content: string };
export type CorpusPage = {
  corpus: { id: string; name: string; workspace_id: string; chunk_size: number; chunk_overlap: number };
  documents: DocumentRow[];
  chunks: ChunkRow[];
  chunkTotal: number;
};

export const CHUNKS_PER_PAGE = 25;

/** The corpus page: its documents, and one page of its chunks (optionally of one document). */
export async function getCorpusPage(user: SessionUser, corpusId: string, options: { documentId?: string; page?: number }): Promise<CorpusPage> {
  const page = Math.max(1, options.page ?? 1);
  return withRls(user.claims, async (tx) => {
    const [corpus] = await tx<CorpusPage['corpus'][]>`select id, name, workspace_id, chunk_size, chunk_overlap from public.corpora where id = ${corpusId}`;
    if (!corpus) throw new AppError('not_found', 'Corpus not found.');
    const doc = options.documentId ?? null;
    const [documents, chunks, [total]] = await Promise.all([
      tx<DocumentRow[]>`
        select d.id, d.title, d.byte_size, d.created_at, (select count(*)::int from public.chunks c where c.document_id = d.id) as chunk_count
        from public.documents d where d.corpus_id = ${corpusId} order by d.created_at desc, d.title limit 500`,
      tx<ChunkRow[]>`
        select c.id, d.title as document_title, c.ordinal, c.token_count, c.content
        from public.chunks c join public.documents d on d.id = c.document_id
        where c.corpus_id = ${corpusId} and (${doc}::uuid is null or c.document_id = ${doc}::uuid)
        order by d.created_at desc, d.id, c.ordinal
        limit ${CHUNKS_PER_PAGE} offset ${(page - 1) * CHUNKS_PER_PAGE}`,
      tx<{ n: number }[]>`select count(*)::int as n from public.chunks where corpus_id = ${corpusId} and (${doc}::uuid is null or document_id = ${doc}::uuid)`,
    ]);
    return { corpus, documents, chunks, chunkTotal: total!.n };
  });
}
