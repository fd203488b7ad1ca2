import { AppHeader } from '@/components/shell/app-header';
import { NoWorkspace } from '@/components/shell/no-workspace';
import { currentWorkspace } from '@/lib/workspaces/current';

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const { user, memberships, current } = await currentWorkspace();
  if (!current) return <NoWorkspace email={user.email} />;
  return (
    <div className="flex min-h-dvh flex-col">
      <AppHeader email={user.email} current={current} memberships={memberships} />
      <main className="mx-auto w-full max-w-7xl flex-1 px-4 py-8 sm:px-6">{children}</main>
    </div>
  );
}
