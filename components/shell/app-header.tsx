import Link from 'next/link';
import { ThemeToggle } from '@/components/theme/theme-toggle';
import { Separator } from '@/components/ui/separator';
import type { Membership } from '@/lib/workspaces/memberships';
import { Logo } from './logo';
import { UserMenu } from './user-menu';
import { WorkspaceSwitcher } from './workspace-switcher';

export function AppHeader({ email, current, memberships }: { email: string; current: Membership; memberships: Membership[] }) {
  return (
    <header className="bg-background/80 supports-[backdrop-filter]:bg-background/60 sticky top-0 z-40 border-b backdrop-blur">
      <div className="mx-auto flex h-14 max-w-7xl items-center gap-3 px-4 sm:px-6">
        <Link href="/" className="rounded-md focus-visible:ring-ring/50 focus-visible:ring-[3px] focus-visible:outline-none">
          <Logo />
        </Link>
        <Separator orientation="vertical" className="mx-1 h-5!" />
        <WorkspaceSwitcher current={current} memberships={memberships} />
        <div className="ml-auto flex items-center gap-1">
          <ThemeToggle />
          <UserMenu email={email} role={current.role} />
        </div>
      </div>
    </header>
  );
}
