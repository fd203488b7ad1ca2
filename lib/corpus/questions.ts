import 'server-only';
import { z } from 'zod';
import type { SessionUser } from '@/lib/auth/claims';
import { withRls } from '@/lib/db/rls';
import { AppError } from '@/lib/errors';
import { storableText } from '@/lib/validation';
import { assertWorkspaceRole } from '@/lib/workspaces/access';

export const testQuestionSchema = z
  .object({
    question: storableText().trim().min(1, 'Type the question.').max(2000, 'At most 2,000 characters.'),
    chunk_id: z.uuid('Not a chunk id.').optional(),
    document_id: z.uuid('Not a document id.').optional(),
  })
  .strict()
  .refine((q) => (q.chunk_id === undefined) !== (q.document_id === undefined), { message: 'Name the chunk or the document that answers it (one of them).', path: ['document_id'] });
export const addQuestionsSchema = z.union([testQuestionSchema, z.object({ questions: z.array(testQuestionSchema).min(1).max(1000) }).strict()]);
export type TestQuestion = { id: number; question: string; chunk_id: string | null; document_id: string | null; document_title: string };

async function corpusWorkspace(user: SessionUser, corpusId: string) {
  const [corpus] = await withRls(user.claims, (tx) => tx<{ workspace_id: string }[]>`select workspace_id from public.corpora where id = ${corpusId}`);
  if (!corpus) throw new AppError('not_found', 'Corpus not found.');
  return corpus.workspace_id;
}

export async function listTestQuestions(user: SessionUser, corpusId: string): Promise<TestQuestion[]> {
  await corpusWorkspace(user, corpusId);
  return withRls(user.claims, (tx) => tx<TestQuestion[]>`
    select q.id::int as id, q.question, q.chunk_id, q.document_id, coalesce(d.title, dc.title) as document_title
    from public.test_questions q
    left join public.documents d on d.id = q.document_id
    left join public.chunks c on c.id = q.chunk_id left join public.documents dc on dc.id = c.document_id
    where q.corpus_id = ${corpusId} order by q.id`);
}

/** Adds questions; each must name a chunk or a document of this corpus (else 422, nothing added). */
export async function addTestQuestions(user: SessionUser, corpusId: string, questions: z.infer<typeof testQuestionSchema>[]): Promise<{ created: number }> {
  const workspaceId = await corpusWorkspace(user, corpusId);
  await assertWorkspaceRole(user, workspaceId, 'admin');
  return withRls(user.claims, async (tx) => {
    const chunkIds = questions.flatMap((q) => (q.chunk_id ? [q.chunk_id] : []));
    const documentIds = questions.flatMap((q) => (q.document_id ? [q.document_id] : []));
    const [found] = await tx<{ chunks: number; documents: number }[]>`
      select (select count(distinct id)::int from public.chunks where corpus_id = ${corpusId} and id = any(${chunkIds}::uuid[])) as chunks,
             (select count(distinct id)::int from public.documents where corpus_id = ${corpusId} and id = any(${documentIds}::uuid[])) as documents`;
    if (found!.chunks !== new Set(chunkIds).size || found!.documents !== new Set(documentIds).size) {
      throw new AppError('validation_failed', 'A question names a chunk or document that is not in this corpus.', { details: { fieldErrors: { document_id: ['Not in this corpus.'] } } });
    }
    const rows = questions.map((q) => ({ workspace_id: workspaceId, corpus_id: corpusId, question: q.question, chunk_id: q.chunk_id ?? null, document_id: q.document_id ?? null, created_by: user.id }));
    const inserted = await tx`insert into public.test_questions ${tx(rows, 'workspace_id', 'corpus_id', 'question', 'chunk_id', 'document_id', 'created_by')}`;
    return { created: inserted.count };
  });
}

export async function removeTestQuestion(user: SessionUser, corpusId: string, questionId: number): Promise<void> {
  const workspaceId = await corpusWorkspace(user, corpusId);
  await assertWorkspaceRole(user, workspaceId, 'admin');
  const deleted = await withRls(user.claims, (tx) => tx`delete from public.test_questions where corpus_id = ${corpusId} and id = ${questionId}`);
  if (deleted.count === 0) throw new AppError('not_found', 'Question not found.');
}

/** Document titles of a corpus → ids (bulk questions name their document by title). */
export async function listDocumentTitles(user: SessionUser, corpusId: string): Promise<Map<string, string>> {
  const rows = await withRls(user.claims, (tx) => tx<{ id: string; title: string }[]>`select id, title from public.documents where corpus_id = ${corpusId}`);
  return new Map(rows.map((row) => [row.title, row.id]));
}
