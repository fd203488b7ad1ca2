import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { FailedChunks } from '@/components/runs/failed-chunks';
import { LineageChain } from '@/components/runs/lineage-chain';
import { RunLive } from '@/components/runs/run-live';
import { RunTimeline } from '@/components/runs/run-timeline';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { SearchPanel } from '@/components/training/search-panel';
import { isAppError } from '@/lib/errors';
import { isTrainingReport } from '@/lib/training/report';
import { verdictOn } from '@/lib/runs/available-actions';
import { toClientRun } from '@/lib/runs/client-run';
import { getRunDetail } from '@/lib/runs/detail';
import { BulkActions } from '@/components/review/bulk-actions';
import { ExportPanel } from '@/components/review/export-panel';
import { PairsTable } from '@/components/review/pairs-table';
import { PairsToolbar } from '@/components/review/pairs-toolbar';
import { SignalSummary } from '@/components/review/signal-summary';
import { lastUndoableBulk } from '@/lib/review/bulk';
import { describeFilter, filterParams, pairListQuerySchema, queryObject, type PairFilter } from '@/lib/review/filter';
import { documentOptions, listPairs } from '@/lib/review/list';
import { runSignalsStatus } from '@/lib/review/signals/status';
import { requireUser } from '@/lib/auth/require';
import { currentWorkspace } from '@/lib/workspaces/current';
import { newestChunkIn } from '@/lib/corpus/list-corpora';
import { renderTime } from '@/lib/time';

export const metadata: Metadata = { title: 'Run' };

/** The table's filter from the address; one that does not parse is shown as such and ignored. */
function tableQuery(search: Record<string, string | string[] | undefined>) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(search)) for (const v of [value ?? []].flat()) params.append(key, v);
  const parsed = pairListQuerySchema.safeParse(queryObject(params));
  if (parsed.success) return { ...parsed.data, invalid: null };
  return { sort: 'id' as const, cursor: undefined, limit: undefined, invalid: parsed.error.issues.map((i) => i.message).join(' ') };
}

export default async function RunPage({ params, searchParams }: PageProps<'/runs/[id]'>) {
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const user = await requireUser();
  const { sort, cursor, limit: _limit, invalid, ...query } = tableQuery(await searchParams);
  const filter: PairFilter = invalid ? {} : query;
  const detail = await getRunDetail(user, id).catch((error) => {
    if (isAppError(error) && error.status === 404) notFound();
    throw error;
  });
  const { memberships } = await currentWorkspace();
  const canWrite = memberships.some((m) => m.id === detail.run.workspace_id && m.role === 'admin');
  const [pairs, newestChunkAt, signals, lastBulk, documents] = await Promise.all([
    listPairs(user, id, { filter, sort, cursor: invalid ? null : cursor, limit: 50 }).catch((error) => {
      if (isAppError(error) && error.status === 400) return { pairs: [], next_cursor: null, invalid: error.message };
      throw error;
    }),
    newestChunkIn(user, detail.corpus.id),
    runSignalsStatus(user, id),
    lastUndoableBulk(user, id),
    documentOptions(user, detail.corpus.id),
  ]);
  const bulkVerdict = verdictOn('bulk-review', detail.run);
  const pageHref = (extra: Record<string, string>) =>
    `/runs/${id}?${new URLSearchParams({ ...filterParams(filter), ...(sort !== 'id' ? { sort } : {}), ...extra }).toString()}#pairs`;
  const filtered = Object.keys(filterParams(filter)).length > 0;

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
        <CardContent className="grid gap-4">
          <SignalSummary runId={id} status={signals} />
          <PairsToolbar key={JSON.stringify([filter, sort])} runId={id} filter={filter} sort={sort} documents={documents} />
          {(invalid || 'invalid' in pairs) && (
            <p role="alert" className="text-destructive text-sm">The filter in the address is not valid ({invalid ?? ('invalid' in pairs ? pairs.invalid : '')}); showing every pair.</p>
          )}
          {filtered && (
            <p className="text-muted-foreground text-sm">
              Showing pairs matching {describeFilter(filter)}. <Link className="underline" href={`/runs/${id}#pairs`}>Clear the filter</Link>
            </p>
          )}
          {canWrite && (
            <BulkActions
              runId={id}
              filter={filter}
              refusal={bulkVerdict.allowed ? null : bulkVerdict.reason}
              lastBulk={lastBulk ? { id: lastBulk.id, action: lastBulk.action, affected: lastBulk.affected, filter: describeFilter(lastBulk.filter) } : null}
            />
          )}
          <PairsTable
            key={JSON.stringify([filter, sort, cursor ?? null])}
            runId={id}
            pairs={pairs.pairs}
            canWrite={canWrite && verdictOn('review', detail.run).allowed}
          />
          <nav aria-label="Pair pages" className="flex justify-end gap-2">
            {cursor && <Button size="sm" variant="outline" asChild><Link href={pageHref({}) as never}>First page</Link></Button>}
            {pairs.next_cursor && <Button size="sm" variant="outline" asChild><Link href={pageHref({ cursor: pairs.next_cursor }) as never}>Next page</Link></Button>}
          </nav>
        </CardContent>
      </Card>
      <Card id="export">
        <CardHeader>
          <CardTitle><h2>Export</h2></CardTitle>
          <CardDescription>The pairs in the layout other trainers read, streamed (also <code className="break-all">GET /api/runs/{'{id}'}/export?format=</code>).</CardDescription>
        </CardHeader>
        <CardContent><ExportPanel runId={id} filter={filter} /></CardContent>
      </Card>
    </div>
  );
}
