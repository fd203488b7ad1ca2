import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { DocumentUpload } from '@/components/corpus/document-upload';
import { TestQuestions } from '@/components/corpus/test-questions';
import { listTestQuestions } from '@/lib/corpus/questions';
import { RemoveDocumentButton } from '@/components/corpus/remove-document-button';
import { formatDate, formatNumber } from '@/components/runs/format';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { requireUser } from '@/lib/auth/require';
import { CHUNKS_PER_PAGE, getCorpusPage } from '@/lib/corpus/browse';
import { isAppError } from '@/lib/errors';
import { currentWorkspace } from '@/lib/workspaces/current';
import { countOf } from '@/lib/words';

export const metadata: Metadata = { title: 'Corpus' };

const searchSchema = z.object({
  document: z.uuid().optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
});

export default async function CorpusPage({ params, searchParams }: PageProps<'/corpora/[id]'>) {
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const user = await requireUser();
  const search = searchSchema.parse(await searchParams);
  const data = await getCorpusPage(user, id, { documentId: search.document, page: search.page }).catch((error) => {
    if (isAppError(error) && error.status === 404) notFound();
    throw error;
  });
  const [{ memberships }, questions] = await Promise.all([currentWorkspace(), listTestQuestions(user, id)]);
  const canWrite = memberships.some((m) => m.id === data.corpus.workspace_id && m.role === 'admin');
  const page = search.page ?? 1;
  const pages = Math.max(1, Math.ceil(data.chunkTotal / CHUNKS_PER_PAGE));
  const link = (extra: Record<string, string | undefined>) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries({ document: search.document, ...extra })) if (v) q.set(k, v);
    return `/corpora/${id}?${q.toString()}#chunks`;
  };

  return (
    <div className="grid min-w-0 gap-6 [&>*]:min-w-0">
      <div>
        <nav aria-label="Breadcrumb" className="text-muted-foreground text-sm"><Link href={`/?corpus=${id}`} className="hover:underline">Dashboard</Link> / Corpus</nav>
        <h1 className="text-2xl font-semibold tracking-tight">{data.corpus.name}</h1>
        <p className="text-muted-foreground text-sm">
          Chunks of up to {data.corpus.chunk_size} tokens with {data.corpus.chunk_overlap} tokens of overlap; identical passages are stored once.
        </p>
      </div>
      {canWrite && (
        <Card>
          <CardHeader>
            <CardTitle><h2>Add documents</h2></CardTitle>
            <CardDescription>New chunks are covered by the next run, or by continuing the last one.</CardDescription>
          </CardHeader>
          <CardContent><DocumentUpload corpusId={id} /></CardContent>
        </Card>
      )}
      <Card>
        <CardHeader>
          <CardTitle><h2>Documents</h2></CardTitle>
          <CardDescription>{countOf(data.documents.length, 'document')}</CardDescription>
        </CardHeader>
        <CardContent className="overflow-x-auto">
          <Table aria-label="Documents">
            <TableHeader>
              <TableRow>
                <TableHead>Title</TableHead>
                <TableHead className="text-right">Chunks</TableHead>
                <TableHead>Added</TableHead>
                {canWrite && <TableHead><span className="sr-only">Actions</span></TableHead>}
              </TableRow>
            </TableHeader>
            <TableBody>
              {data.documents.map((d) => (
                <TableRow key={d.id} data-state={d.id === search.document ? 'selected' : undefined}>
                  <TableCell className="font-medium"><Link href={link({ document: d.id }) as never} className="hover:underline">{d.title}</Link></TableCell>
                  <TableCell className="text-right tabular-nums">{formatNumber(d.chunk_count)}</TableCell>
                  <TableCell className="whitespace-nowrap">{formatDate(d.created_at)}</TableCell>
                  {canWrite && <TableCell className="text-right"><RemoveDocumentButton corpusId={id} document={d} /></TableCell>}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </CardContent>
      </Card>
      <Card id="questions">
        <CardHeader>
          <CardTitle><h2>Test questions</h2></CardTitle>
          <CardDescription>
            Questions people really ask, with what answers them. Training reports on them first, against the whole corpus, beside the
            held-out generated questions.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <TestQuestions corpusId={id} questions={questions} documents={data.documents.map((d) => ({ id: d.id, title: d.title }))} canWrite={canWrite} />
        </CardContent>
      </Card>
      <Card id="chunks">
        <CardHeader>
          <CardTitle><h2>Chunks</h2></CardTitle>
          <CardDescription>
            {countOf(data.chunkTotal, 'chunk')}{search.document ? ' in the selected document' : ''} · page {page} of {pages}
            {search.document && <> · <Link href={`/corpora/${id}#chunks`} className="underline">show all</Link></>}
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-3">
          <ol className="grid gap-3" aria-label="Chunks">
            {data.chunks.map((c) => (
              <li key={c.id} className="rounded-md border p-3">
                <p className="text-muted-foreground mb-1 text-xs">{c.document_title} · chunk {c.ordinal + 1} · {c.token_count} tokens</p>
                <p className="text-sm whitespace-pre-wrap">{c.content}</p>
              </li>
            ))}
          </ol>
          <nav aria-label="Chunk pages" className="flex justify-end gap-2">
            {page > 1 && <Button size="sm" variant="outline" asChild><Link href={link({ page: String(page - 1) }) as never}>Previous</Link></Button>}
            {page < pages && <Button size="sm" variant="outline" asChild><Link href={link({ page: String(page + 1) }) as never}>Next</Link></Button>}
          </nav>
        </CardContent>
      </Card>
    </div>
  );
}
