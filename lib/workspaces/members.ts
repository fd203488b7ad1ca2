import 'server-only';
import type { SessionUser } from '@/lib/auth/claims';
import { withRls } from '@/lib/db/rls';
import { authMode } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { assertWorkspaceRole, type WorkspaceRole } from './access';
import { createInvitation, listOpenInvitations, type Invitation, type NewInvitation } from './invitations';
import type { AddMemberInput } from './schemas';
import { teamCall } from './team-errors';

export type Member = { user_id: string; email: string; role: WorkspaceRole; joined_at: Date; last_sign_in_at: Date | null };
export type Team = { role: WorkspaceRole; members: Member[]; invitations: (Invitation & { invited_by_email: string | null })[] };

/** Members of a workspace with email and last sign-in; open invitations for its admins only. */
export async function listTeam(user: SessionUser, workspaceId: string): Promise<Team> {
  const role = await assertWorkspaceRole(user, workspaceId, 'viewer');
  return withRls(user.claims, async (tx) => {
    const members = await tx<Member[]>`
      select user_id, email, role, joined_at, last_sign_in_at from private.workspace_member_list(${workspaceId})`;
    const invitations = role === 'admin' ? await listOpenInvitations(tx, workspaceId) : [];
    return { role, members, invitations };
  });
}

/**
 * Adds the account with this email (admins). With embedded sign-in, an email without an
 * account gets an invitation link instead; with Supabase Auth, the person signs up there
 * first.
 */
export async function addMember(
  user: SessionUser,
  workspaceId: string,
  input: AddMemberInput,
  origin: string,
): Promise<{ member: Member } | { invitation: NewInvitation }> {
  await assertWorkspaceRole(user, workspaceId, 'admin');
  return teamCall(() =>
    withRls(user.claims, async (tx) => {
      const [added] = await tx<{ id: string | null }[]>`select private.add_member_by_email(${workspaceId}, ${input.email}, ${input.role}) as id`;
      if (added?.id) {
        const [member] = await tx<Member[]>`
          select user_id, email, role, joined_at, last_sign_in_at from private.workspace_member_list(${workspaceId}) where user_id = ${added.id}`;
        return { member: member! };
      }
      if (authMode() === 'supabase') {
        throw new AppError('no_account', `No Supabase Auth account has the email ${input.email}: invite them in Supabase (Authentication → Users), then add them here.`);
      }
      return { invitation: await createInvitation(tx, workspaceId, input, origin) };
    }),
  );
}

/** Changes a member's role (admins); the last admin cannot be demoted. */
export async function changeMemberRole(user: SessionUser, workspaceId: string, memberId: string, role: WorkspaceRole): Promise<Member> {
  await assertWorkspaceRole(user, workspaceId, 'admin');
  return teamCall(() =>
    withRls(user.claims, async (tx) => {
      const [row] = await tx<{ user_id: string }[]>`
        update public.workspace_members set role = ${role} where workspace_id = ${workspaceId} and user_id = ${memberId} returning user_id`;
      if (!row) throw new AppError('not_found', 'No member with this id in this workspace.');
      const [member] = await tx<Member[]>`
        select user_id, email, role, joined_at, last_sign_in_at from private.workspace_member_list(${workspaceId}) where user_id = ${memberId}`;
      return member!;
    }),
  );
}

/**
 * Removes a member (admins), or the caller themselves (anyone may leave). Their access ends
 * with this transaction: every policy keys on membership. The last admin cannot go.
 */
export async function removeMember(user: SessionUser, workspaceId: string, memberId: string): Promise<void> {
  await assertWorkspaceRole(user, workspaceId, memberId === user.id ? 'viewer' : 'admin');
  await teamCall(() =>
    withRls(user.claims, async (tx) => {
      const [row] = await tx`delete from public.workspace_members where workspace_id = ${workspaceId} and user_id = ${memberId} returning user_id`;
      if (!row) throw new AppError('not_found', 'No member with this id in this workspace.');
    }),
  );
}

export const leaveWorkspace = (user: SessionUser, workspaceId: string) => removeMember(user, workspaceId, user.id);
