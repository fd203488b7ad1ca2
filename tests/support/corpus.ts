import { createHash, randomUUID } from 'node:crypto';
import type { Sql } from 'postgres';

/** A corpus with `chunks` chunks written straight to the tables (fast, for engine tests). */
export async function seedCorpus(sql: Sql, workspaceId: string, options: { chunks: number; documents?: number; name?: string }) {
  const [corpus] = await sql<{ id: string }[]>`
    insert into public.corpora (workspace_id, name) values (${workspaceId}, ${options.name ?? `Corpus ${randomUUID().slice(0, 8)}`}) returning id`;
  const documents = options.documents ?? 1;
  const perDocument = Math.ceil(options.chunks / documents);
  const documentIds: string[] = [];
  for (let d = 0; d < documents; d++) documentIds.push(await addSeededDocument(sql, workspaceId, corpus!.id, Math.min(perDocument, options.chunks - d * perDocument)));
  return { corpusId: corpus!.id, documentIds };
}

export async function addSeededDocument(sql: Sql, workspaceId: string, corpusId: string, chunks: number) {
  const title = `Doc ${randomUUID().slice(0, 8)}`;
  const [document] = await sql<{ id: string }[]>`
    insert into public.documents (workspace_id, corpus_id, title, content, content_hash, byte_size)
    values (${workspaceId}, ${corpusId}, ${title}, ${title}, ${randomUUID()}, 10) returning id`;
  const contents = Array.from(
    { length: chunks },
    (_, i) => `${title} part ${i}. A run keeps every finished chunk when a worker crashes. Proceed continues from the true count, and cancel stops within a second.`,
  );
  await sql`
    insert into public.chunks (workspace_id, corpus_id, document_id, ordinal, content, content_hash, token_count)
    select ${workspaceId}, ${corpusId}, ${document!.id}, c.ordinal - 1, c.content, md5(c.content), 30
    from unnest(${contents}::text[]) with ordinality as c(content, ordinal)`;
  return document!.id;
}

export const hash = (text: string) => createHash('sha256').update(text).digest('hex');
