import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Sql } from 'postgres';
import { splitDocument } from '@/lib/corpus/split';
import { sha256 } from '@/lib/corpus/text';

export const DEMO_CORPUS = 'Recall documentation';
const DEMO_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '../corpus/demo');
// Small chunks, so the demo has well over 100 of them and a first run shows real progress.
const DEMO_CHUNKING = { chunkSize: 128, chunkOverlap: 16 };

/** The demo corpus (Recall's own documentation), created once with the Demo workspace. */
export async function seedDemoCorpus(sql: Sql, workspaceId: string): Promise<{ corpusId: string; chunks: number } | null> {
  return sql.begin(async (tx) => {
    const [corpus] = await tx<{ id: string }[]>`
      insert into public.corpora (workspace_id, name, chunk_size, chunk_overlap)
      values (${workspaceId}, ${DEMO_CORPUS}, ${DEMO_CHUNKING.chunkSize}, ${DEMO_CHUNKING.chunkOverlap})
      on conflict (workspace_id, name) do nothing returning id`;
    if (!corpus) return null;
    let chunks = 0;
    for (const file of (await readdir(DEMO_DIR)).filter((name) => name.endsWith('.md')).sort()) {
      const text = (await readFile(path.join(DEMO_DIR, file), 'utf8')).replace(/\r\n?/g, '\n');
      const title = /^#\s+(.+)$/m.exec(text)?.[1]?.trim() ?? file.replace(/\.md$/, '');
      const [document] = await tx<{ id: string }[]>`
        insert into public.documents (workspace_id, corpus_id, title, content, content_hash, byte_size)
        values (${workspaceId}, ${corpus.id}, ${title}, ${text}, ${sha256(text)}, ${Buffer.byteLength(text)}) returning id`;
      const parts = await splitDocument(text, DEMO_CHUNKING);
      const stored = await tx`
        insert into public.chunks (workspace_id, corpus_id, document_id, ordinal, content, content_hash, token_count)
        select ${workspaceId}, ${corpus.id}, ${document!.id}, c.ordinal, c.content, c.content_hash, c.token_count
        from unnest(${parts.map((p) => p.ordinal)}::int[], ${parts.map((p) => p.content)}::text[],
                    ${parts.map((p) => p.contentHash)}::text[], ${parts.map((p) => p.tokenCount)}::int[])
             as c(ordinal, content, content_hash, token_count)
        on conflict (corpus_id, content_hash) do nothing`;
      chunks += stored.count;
    }
    await seedDemoQuestions(tx as unknown as Sql, workspaceId, corpus.id);
    return { corpusId: corpus.id, chunks };
  }) as Promise<{ corpusId: string; chunks: number } | null>;
}

/**
 * The demo corpus's test questions (lib/corpus/demo/questions.json, written by hand the way
 * users ask), each tied to the chunk holding its answer, or to its document when a chunk
 * boundary cuts the answer.
 */
async function seedDemoQuestions(sql: Sql, workspaceId: string, corpusId: string) {
  const questions = JSON.parse(await readFile(path.join(DEMO_DIR, 'questions.json'), 'utf8')) as { question: string; document: string; answer: string }[];
  const chunks = await sql<{ id: string; document_id: string; content: string; file: string }[]>`
    select c.id, c.document_id, c.content, d.title as file from public.chunks c join public.documents d on d.id = c.document_id where c.corpus_id = ${corpusId}`;
  const documents = await sql<{ id: string; title: string; content: string }[]>`select id, title, content from public.documents where corpus_id = ${corpusId}`;
  const rows = questions.flatMap((q) => {
    const document = documents.find((d) => d.content.includes(q.answer));
    if (!document) return [];
    const chunk = chunks.find((c) => c.document_id === document.id && c.content.includes(q.answer));
    return [{ workspace_id: workspaceId, corpus_id: corpusId, question: q.question, chunk_id: chunk?.id ?? null, document_id: chunk ? null : document.id }];
  });
  if (rows.length) await sql`insert into public.test_questions ${sql(rows, 'workspace_id', 'corpus_id', 'question', 'chunk_id', 'document_id')}`;
}
