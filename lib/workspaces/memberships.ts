import 'server-only';
import type { SessionUser } from '@/lib/auth/claims';
import type { WorkspaceRole } from './access';
import { withRls } from '@/lib/db/rls';

export type Membership = { id: string; name: string; role: WorkspaceRole };

/** Remembers which workspace the dashboard shows; membership is re-checked on every read. */
export const CURRENT_WORKSPACE_COOKIE = 'recall-workspace';

export async function listMemberships(user: SessionUser): Promise<Membership[]> {
  return withRls(user.claims, (tx) =>
    tx<Membership[]>`
      select w.id, w.name, m.role
      from public.workspaces w
      join public.workspace_members m on m.workspace_id = w.id and m.user_id = ${user.id}
      order by w.created_at, w.name`,
  );
}

/** The preferred workspace when the user still belongs to it, else the first one. */
export function pickWorkspace(memberships: Membership[], preferredId: string | undefined): Membership | null {
  return memberships.find((m) => m.id === preferredId) ?? memberships[0] ?? null;
}
