import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { FailedChunks } from '@/components/runs/failed-chunks';
import { LineageChain } from '@/components/runs/lineage-chain';
import { PairsReview } from '@/components/runs/pairs-review';
import { RunLive } from '@/components/runs/run-live';
import { RunTimeline } from '@/components/runs/run-timeline';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { SearchPanel } from '@/components/training/search-panel';
import { isAppError } from '@/lib/errors';
import { isTrainingReport } from '@/lib/training/report';
import { verdictOn } from '@/lib/runs/available-actions';
import { toClientRun } from '@/lib/runs/client-run';
import { getRunDetail } from '@/lib/runs/detail';
import { listPairsForReview, REVIEW_STATES } from '@/lib/runs/review';
import { requireUser } from '@/lib/auth/require';
import { currentWorkspace } from '@/lib/workspaces/current';
import { newestChunkIn } from '@/lib/corpus/list-corpora';
import { renderTime } from '@/lib/time';

export const metadata: Metadata = { title: 'Run' };

const searchSchema = z.object({
  review: z.enum(REVIEW_STATES).optional().catch(undefined),
  after: z.coerce.number().int().positive().optional().catch(undefined),
});

export default async function RunPage({ params, searchParams }: PageProps<'/runs/[id]'>) {
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const user = await requireUser();
  const search = searchSchema.parse(await searchParams);
  const detail = await getRunDetail(user, id).catch((error) => {
    if (isAppError(error) && error.status === 404) notFound();
    throw error;
  });
  const { memberships } = await currentWorkspace();
  const canWrite = memberships.some((m) => m.id === detail.run.workspace_id && m.role === 'admin');
  const [pairs, newestChunkAt] = await Promise.all([
    listPairsForReview(user, id, { state: search.review, after: search.after }),
    newestChunkIn(user, detail.corpus.id),
  ]);

  return (
    <div className="grid gap-6">
      <nav aria-label="Breadcrumb" className="text-muted-foreground text-sm">
        <Link href={`/?corpus=${detail.corpus.id}`} className="hover:underline">{detail.corpus.name}</Link> / Run {id.slice(0, 8)}
      </nav>
      <RunLive
        initial={toClientRun(detail.run)}
        canWrite={canWrite}
        renderedAt={renderTime()}
        newestChunkAt={newestChunkAt?.toISOString() ?? null}
      />
      {detail.run.status === 'completed' && isTrainingReport(detail.run.metrics) && (
        <Card>
          <CardHeader>
            <CardTitle><h2>Search with the adapter</h2></CardTitle>
            <CardDescription>
              A question against every chunk of the corpus: the embedding alone, with the adapter, and BM25.{' '}
              <a className="underline" href={`/api/runs/${id}/adapter`} download>Download the adapter</a> (JSON: W = diag(a) + U Vᵀ, applied as q + Wq) or{' '}
              <a className="underline" href={`/api/runs/${id}/training-pairs`} download>the training pairs</a> (JSON lines, with each pair&apos;s split).
            </CardDescription>
          </CardHeader>
          <CardContent><SearchPanel runId={id} /></CardContent>
        </Card>
      )}
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle><h2>Timeline</h2></CardTitle>
            <CardDescription>Every transition: who did what, and when.</CardDescription>
          </CardHeader>
          <CardContent><RunTimeline events={detail.events} /></CardContent>
        </Card>
        <div className="grid content-start gap-6">
          <Card>
            <CardHeader>
              <CardTitle><h2>Lineage</h2></CardTitle>
              <CardDescription>Continuations cover only what earlier runs did not; training uses the whole chain.</CardDescription>
            </CardHeader>
            <CardContent><LineageChain runId={id} ancestors={detail.ancestors} childRuns={detail.children} /></CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle><h2>Failed chunks</h2></CardTitle>
              <CardDescription>Chunks that failed after every attempt; retry them once the run is generated.</CardDescription>
            </CardHeader>
            <CardContent><FailedChunks chunks={detail.failedChunks} total={detail.run.failed_chunks} /></CardContent>
          </Card>
        </div>
      </div>
      <Card id="pairs">
        <CardHeader>
          <CardTitle><h2>Pairs</h2></CardTitle>
          <CardDescription>
            {detail.review.pending} pending · {detail.review.approved} approved · {detail.review.rejected} rejected. Rejected pairs are not trained on.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <PairsReview
            key={`${search.review ?? 'all'}:${search.after ?? 0}`}
            runId={id}
            pairs={pairs.pairs}
            next={pairs.next}
            filter={search.review ?? null}
            paged={Boolean(search.after)}
            canWrite={canWrite && verdictOn('review', detail.run).allowed}
            pending={detail.review.pending}
          />
        </CardContent>
      </Card>
    </div>
  );
}
