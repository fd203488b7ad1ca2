'use client';

import { CheckIcon, ChevronsUpDownIcon, PlusIcon, SettingsIcon, UsersIcon } from 'lucide-react';
import Link from 'next/link';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { switchWorkspace } from '@/lib/actions/session';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { NewWorkspaceDialog } from '@/components/settings/new-workspace-dialog';
import type { Membership } from '@/lib/workspaces/memberships';

export function WorkspaceSwitcher({ current, memberships }: { current: Membership; memberships: Membership[] }) {
  const [pending, startTransition] = useTransition();
  const [creating, setCreating] = useState(false);
  return (
    <>
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" className="gap-2 px-2" aria-label={`Workspace: ${current.name}`} disabled={pending}>
          <UsersIcon className="text-muted-foreground" aria-hidden />
          <span className="max-w-40 truncate font-medium">{current.name}</span>
          <Badge variant="outline" className="hidden capitalize sm:inline-flex">
            {current.role}
          </Badge>
          <ChevronsUpDownIcon className="text-muted-foreground" aria-hidden />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="w-64">
        <DropdownMenuLabel>Workspaces</DropdownMenuLabel>
        <DropdownMenuSeparator />
        {memberships.map((membership) => (
          <DropdownMenuItem
            key={membership.id}
            onSelect={() =>
              membership.id !== current.id &&
              startTransition(async () => {
                const result = await switchWorkspace(membership.id);
                if (!result.ok) toast.error(result.message);
              })
            }
          >
            <span className="flex-1 truncate">{membership.name}</span>
            <span className="text-muted-foreground text-xs capitalize">{membership.role}</span>
            {membership.id === current.id && <CheckIcon aria-label="current" />}
          </DropdownMenuItem>
        ))}
        <DropdownMenuSeparator />
        <DropdownMenuItem asChild>
          <Link href="/settings/workspace">
            <SettingsIcon aria-hidden /> Workspace settings
          </Link>
        </DropdownMenuItem>
        <DropdownMenuItem onSelect={() => setCreating(true)}>
          <PlusIcon aria-hidden /> New workspace
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
    <NewWorkspaceDialog open={creating} onOpenChange={setCreating} />
    </>
  );
}
