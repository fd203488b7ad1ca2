import { FileTextIcon, LibraryIcon, MessagesSquareIcon, RowsIcon } from 'lucide-react';
import type { Metadata } from 'next';
import { CorporaCard } from '@/components/dashboard/corpora-card';
import { RunsCard } from '@/components/dashboard/runs-card';
import { StatCard } from '@/components/dashboard/stat-card';
import { listCorpora } from '@/lib/corpus/list-corpora';
import { currentWorkspace } from '@/lib/workspaces/current';
import { getWorkspaceOverview } from '@/lib/workspaces/overview';

export const metadata: Metadata = { title: 'Dashboard' };

export default async function DashboardPage() {
  const { user, current: workspace } = await currentWorkspace();
  if (!workspace) return null; // the layout shows the no-workspace state
  const [overview, corpora] = await Promise.all([getWorkspaceOverview(user, workspace.id), listCorpora(user, workspace.id)]);
  return (
    <div className="grid gap-8">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">{workspace.name}</h1>
          <p className="text-muted-foreground text-sm">
            {overview.members} {overview.members === 1 ? 'member' : 'members'} · you are {workspace.role === 'admin' ? 'an admin' : 'a viewer'}
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
        <div className="lg:col-span-2">
          <CorporaCard corpora={corpora} canWrite={workspace.role === 'admin'} />
        </div>
        <div className="lg:col-span-3">
          <RunsCard runCount={overview.runs} />
        </div>
      </div>
    </div>
  );
}
