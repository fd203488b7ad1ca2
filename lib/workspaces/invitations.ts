import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import type { TransactionSql } from 'postgres';
import type { SessionUser } from '@/lib/auth/claims';
import { withRls } from '@/lib/db/rls';
import { AppError } from '@/lib/errors';
import { assertWorkspaceRole, type WorkspaceRole } from './access';

/** How long an invitation link works. */
export const INVITATION_TTL_DAYS = 7;

export type Invitation = { id: string; email: string; role: WorkspaceRole; created_at: Date; expires_at: Date; invited_by: string | null };
/** A new invitation, with the link that carries its token: shown once, never stored. */
export type NewInvitation = Invitation & { url: string };

/** 32 random bytes; the database keeps only their sha256. */
export const newInvitationToken = () => randomBytes(32).toString('base64url');
export const invitationTokenHash = (token: string) => createHash('sha256').update(token, 'utf8').digest();
export const invitationUrl = (origin: string, token: string) => `${origin}/invite?token=${encodeURIComponent(token)}`;

/** Invites an email (no account yet) with a role; replaces the open invitation for that email. */
export async function createInvitation(
  tx: TransactionSql,
  workspaceId: string,
  input: { email: string; role: WorkspaceRole },
  origin: string,
): Promise<NewInvitation> {
  const token = newInvitationToken();
  const [row] = await tx<Invitation[]>`
    select id, email, role, created_at, expires_at, invited_by from private.create_invitation(
      ${workspaceId}, ${input.email}, ${input.role}, ${invitationTokenHash(token)}, make_interval(days => ${INVITATION_TTL_DAYS}))`;
  return { ...row!, url: invitationUrl(origin, token) };
}

/** The workspace's open invitations (admins; viewers see none). */
export async function listOpenInvitations(tx: TransactionSql, workspaceId: string): Promise<(Invitation & { invited_by_email: string | null })[]> {
  return tx`
    select i.id, i.email, i.role, i.created_at, i.expires_at, i.invited_by,
           (select m.email from private.workspace_member_list(i.workspace_id) m where m.user_id = i.invited_by) as invited_by_email
    from public.workspace_invitations i
    where i.workspace_id = ${workspaceId} and i.accepted_at is null and i.revoked_at is null and i.expires_at > now()
    order by i.created_at desc`;
}

/** Revokes an open invitation of the workspace (admins); 404 when there is none. */
export async function revokeInvitation(user: SessionUser, workspaceId: string, invitationId: string): Promise<void> {
  await assertWorkspaceRole(user, workspaceId, 'admin');
  const [row] = await withRls(user.claims, (tx) =>
    tx<{ id: string | null }[]>`select id from private.revoke_invitation(${workspaceId}, ${invitationId})`,
  );
  if (!row?.id) throw new AppError('not_found', 'No open invitation with this id in this workspace.');
}
