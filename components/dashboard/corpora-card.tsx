import { LibraryIcon } from 'lucide-react';
import Link from 'next/link';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Empty, EmptyDescription, EmptyHeader, EmptyMedia, EmptyTitle } from '@/components/ui/empty';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { CorpusSummary } from '@/lib/corpus/list-corpora';

export function CorporaCard({ corpora, canWrite, selectedId }: { corpora: CorpusSummary[]; canWrite: boolean; selectedId?: string }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle><h2>Corpora</h2></CardTitle>
        <CardDescription>Document collections that runs generate questions for. Pick one to work on.</CardDescription>
      </CardHeader>
      <CardContent>
        {corpora.length === 0 ? (
          <Empty className="border border-dashed">
            <EmptyHeader>
              <EmptyMedia variant="icon">
                <LibraryIcon />
              </EmptyMedia>
              <EmptyTitle as="h3">No corpora yet</EmptyTitle>
              <EmptyDescription>
                {canWrite
                  ? 'Add a corpus of Markdown or text documents; Recall splits them into chunks that runs turn into question–chunk pairs.'
                  : 'A workspace admin adds corpora; they will appear here.'}
              </EmptyDescription>
            </EmptyHeader>
          </Empty>
        ) : (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead className="text-right">Documents</TableHead>
                <TableHead className="text-right">Chunks</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {corpora.map((corpus) => (
                <TableRow key={corpus.id} data-state={corpus.id === selectedId ? 'selected' : undefined}>
                  <TableCell className="font-medium">
                    <div className="flex flex-col gap-0.5">
                      <Link href={`/?corpus=${corpus.id}`} aria-current={corpus.id === selectedId ? 'true' : undefined} className="hover:underline">
                        {corpus.name}
                      </Link>
                      <Link href={`/corpora/${corpus.id}`} className="text-muted-foreground text-xs font-normal hover:underline">
                        Documents and chunks
                      </Link>
                    </div>
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{corpus.document_count.toLocaleString('en-US')}</TableCell>
                  <TableCell className="text-right tabular-nums">{corpus.chunk_count.toLocaleString('en-US')}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}
