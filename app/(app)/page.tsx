import { FileTextIcon, HistoryIcon, LibraryIcon, MessagesSquareIcon, RowsIcon } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { z } from 'zod';
import { CorporaCard } from '@/components/dashboard/corpora-card';
import { StatCard } from '@/components/dashboard/stat-card';
import { CorpusLive } from '@/components/runs/corpus-live';
import { HistoryFilter } from '@/components/runs/history-filter';
import { HistoryTable } from '@/components/runs/history-table';
import { WorkerHealthIndicator } from '@/components/runs/worker-health';
import { WorkflowCard } from '@/components/runs/workflow-card';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Empty, EmptyDescription, EmptyHeader, EmptyMedia, EmptyTitle } from '@/components/ui/empty';
import { listCorpora, newestChunkIn } from '@/lib/corpus/list-corpora';
import { toClientRun } from '@/lib/runs/client-run';
import { openaiConfigured } from '@/lib/llm/select';
import { getBlockingRun, getRun, listRuns } from '@/lib/runs/queries';
import { RUN_STATUSES } from '@/lib/runs/status';
import { getWorkerHealth } from '@/lib/runs/worker-health';
import { currentWorkspace } from '@/lib/workspaces/current';
import { getWorkspaceOverview } from '@/lib/workspaces/overview';
import { renderTime } from '@/lib/time';

export const metadata: Metadata = { title: 'Dashboard' };

const searchSchema = z.object({
  corpus: z.uuid().optional().catch(undefined),
  run: z.uuid().optional().catch(undefined),
  status: z.enum(RUN_STATUSES).optional().catch(undefined),
  cursor: z.string().max(500).optional().catch(undefined),
  before: z.string().max(500).optional().catch(undefined),
});

export default async function DashboardPage({ searchParams }: PageProps<'/'>) {
  const { user, current: workspace } = await currentWorkspace();
  if (!workspace) return null; // the layout shows the no-workspace state
  const search = searchSchema.parse(await searchParams);
  const [overview, corpora, health] = await Promise.all([getWorkspaceOverview(user, workspace.id), listCorpora(user, workspace.id), getWorkerHealth(user)]);
  const corpus = corpora.find((c) => c.id === search.corpus) ?? corpora[0];
  const canWrite = workspace.role === 'admin';
  const now = renderTime();
  const clientHealth = { alive: health.alive, last_seen_at: health.last_seen_at?.toISOString() ?? null };

  const [history, blocking, picked] = corpus
    ? await Promise.all([
        listRuns(user, { corpusId: corpus.id, statuses: search.status ? [search.status] : undefined, cursor: search.cursor, before: search.before, limit: 20 }).catch(() => ({ runs: [], next_cursor: null, prev_cursor: null })),
        getBlockingRun(user, corpus.id),
        search.run ? getRun(user, search.run).catch(() => null) : Promise.resolve(null),
      ])
    : [{ runs: [], next_cursor: null, prev_cursor: null }, null, null];
  const latest = corpus && !blocking && !picked ? (await listRuns(user, { corpusId: corpus.id, limit: 1 })).runs[0] : undefined;
  // A run picked in the history shows in the workflow card, even while another one blocks.
  const shown = (picked && picked.corpus_id === corpus?.id ? picked : null) ?? blocking ?? latest ?? null;
  const newestChunkAt = corpus ? await newestChunkIn(user, corpus.id) : null;
  const liveRuns = [...history.runs, ...(shown ? [shown] : []), ...(blocking ? [blocking] : [])].map(toClientRun);
  const pageParams = (extra: Record<string, string | undefined>) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries({ corpus: corpus?.id, status: search.status, ...extra })) if (value) params.set(key, value);
    return `/?${params.toString()}`;
  };

  const page = (
    <div className="grid gap-8">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">{workspace.name}</h1>
          <p className="text-muted-foreground text-sm">
            {overview.members} {overview.members === 1 ? 'member' : 'members'} · you are {canWrite ? 'an admin' : 'a viewer'}
          </p>
        </div>
      </div>
      <section aria-label="Workspace totals" className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        <StatCard label="Corpora" value={overview.corpora} icon={LibraryIcon} />
        <StatCard label="Documents" value={overview.documents} icon={FileTextIcon} />
        <StatCard label="Chunks" value={overview.chunks} icon={RowsIcon} />
        <StatCard label="Question pairs" value={overview.pairs} icon={MessagesSquareIcon} />
      </section>
      <div className="grid gap-6 lg:grid-cols-5">
        <div className="min-w-0 lg:col-span-2">
          <CorporaCard corpora={corpora} canWrite={canWrite} selectedId={corpus?.id} />
        </div>
        <div className="min-w-0 lg:col-span-3">
          {corpus && (
            <WorkflowCard
              key={corpus.id}
              corpus={corpus}
              run={shown ? toClientRun(shown) : null}
              blocking={blocking ? toClientRun(blocking) : null}
              canWrite={canWrite}
              defaultGenerator={openaiConfigured() ? 'openai' : 'offline'}
              openaiConfigured={openaiConfigured()}
              newestChunkAt={newestChunkAt?.toISOString() ?? null}
            />
          )}
        </div>
      </div>
      <Card aria-labelledby="history-title" className="min-w-0">
        <CardHeader>
          <CardTitle><h2 id="history-title">Training history</h2></CardTitle>
          <CardDescription>Every run of {corpus ? corpus.name : 'this corpus'}: where it stands, and what you can do next.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <HistoryFilter />
            <WorkerHealthIndicator health={clientHealth} />
          </div>
          {history.runs.length === 0 ? (
            <Empty className="border border-dashed">
              <EmptyHeader>
                <EmptyMedia variant="icon"><HistoryIcon /></EmptyMedia>
                <EmptyTitle as="h3">{search.status ? 'No runs with this status' : 'No runs yet'}</EmptyTitle>
                <EmptyDescription>
                  A run asks the model, chunk by chunk, which questions each chunk answers. Runs appear here with their
                  progress, and can be cancelled, proceeded or retried at any point.
                </EmptyDescription>
              </EmptyHeader>
            </Empty>
          ) : (
            <div className="overflow-x-auto">
              <HistoryTable runs={history.runs.map(toClientRun)} canWrite={canWrite} newestChunkAt={newestChunkAt?.toISOString() ?? null} />
            </div>
          )}
          <nav aria-label="History pages" className="flex justify-end gap-2">
            {history.prev_cursor && (
              <>
                <Button variant="outline" size="sm" asChild>
                  <Link href={pageParams({}) as never}>Newest</Link>
                </Button>
                <Button variant="outline" size="sm" asChild>
                  <Link href={pageParams({ before: history.prev_cursor }) as never}>Newer runs</Link>
                </Button>
              </>
            )}
            {history.next_cursor && (
              <Button variant="outline" size="sm" asChild>
                <Link href={pageParams({ cursor: history.next_cursor }) as never}>Older runs</Link>
              </Button>
            )}
          </nav>
        </CardContent>
      </Card>
    </div>
  );
  return corpus ? (
    <CorpusLive corpusId={corpus.id} runs={liveRuns} health={clientHealth} renderedAt={now}>
      {page}
    </CorpusLive>
  ) : (
    page
  );
}
