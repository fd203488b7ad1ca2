import 'server-only';
import type { SessionUser } from '@/lib/auth/claims';
import { withRls } from '@/lib/db/rls';
import { assertWorkspaceRole } from './access';

export type MembershipEvent = {
  id: number;
  actor: string;
  action: string;
  subject: string | null;
  from_role: string | null;
  to_role: string | null;
  details: Record<string, unknown>;
  created_at: Date;
};

/** The newest entries of a workspace's team log (admins). */
export async function listMembershipEvents(user: SessionUser, workspaceId: string, limit = 50): Promise<MembershipEvent[]> {
  await assertWorkspaceRole(user, workspaceId, 'admin');
  return withRls(user.claims, (tx) =>
    tx<MembershipEvent[]>`
      select id::int, actor, action, subject, from_role, to_role, details, created_at
      from public.membership_events where workspace_id = ${workspaceId}
      order by created_at desc, id desc limit ${limit}`,
  );
}
