import 'server-only';
import bcrypt from 'bcryptjs';
import { serviceSql } from '@/lib/db/service';
import { AppError } from '@/lib/errors';
import { invitationTokenHash } from '@/lib/workspaces/invitations';
import { createAuthUser, findAuthAccount } from './accounts';
import type { AcceptInvitationInput } from './password';
import { takeSignInAttempt, signInSucceeded } from './rate-limit';
import { INVALID_CREDENTIALS, openSession } from './sign-in';
import type { SessionOrigin } from './sessions';

const INVALID = 'This invitation link is not valid: it was used, revoked or has expired. Ask an admin for a new one.';

export type InvitationPreview = { workspace: string; email: string; role: 'admin' | 'viewer'; hasAccount: boolean };

/** What an invitation link offers, for the page that accepts it; null when the link does not work. */
export async function previewInvitation(token: string): Promise<InvitationPreview | null> {
  const sql = serviceSql();
  const [row] = await sql<{ workspace: string; email: string; role: 'admin' | 'viewer' }[]>`
    select w.name as workspace, i.email, i.role
    from public.workspace_invitations i join public.workspaces w on w.id = i.workspace_id
    where i.token_hash = ${invitationTokenHash(token)} and i.accepted_at is null and i.revoked_at is null and i.expires_at > now()`;
  if (!row) return null;
  return { ...row, hasAccount: (await findAuthAccount(sql, row.email)) !== undefined };
}

/**
 * Accepts an invitation (the auth server's job: the invitee has no session yet). Single use,
 * compare-and-set: the first acceptance marks it, any other finds nothing. Without an account
 * the password becomes the new account's; with one (created since), it must be that
 * account's password, under the sign-in limits. Answers a signed-in session.
 */
export async function acceptInvitation(input: AcceptInvitationInput & { client: string } & SessionOrigin) {
  const sql = serviceSql();
  const hash = invitationTokenHash(input.token);
  return sql.begin(async (tx) => {
    const [invitation] = await tx<{ id: string; workspace_id: string; email: string; role: string }[]>`
      update public.workspace_invitations set accepted_at = now()
      where token_hash = ${hash} and accepted_at is null and revoked_at is null and expires_at > now()
      returning id, workspace_id, email, role`;
    if (!invitation) throw new AppError('invitation_invalid', INVALID);

    let account = await findAuthAccount(tx, invitation.email);
    if (account) {
      const keys = { email: account.email.toLowerCase(), client: input.client };
      const wait = await takeSignInAttempt(sql, keys);
      if (wait > 0) throw new AppError('rate_limited', `Too many failed sign-in attempts. Try again in ${Math.ceil(wait / 60)} min.`, { headers: { 'Retry-After': String(wait) } });
      const matches = !!account.encrypted_password && (await bcrypt.compare(input.password, account.encrypted_password));
      if (account.banned || !matches) {
        throw new AppError('invalid_credentials', `${INVALID_CREDENTIALS} This email already has an account: enter its password.`);
      }
      await signInSucceeded(sql, keys);
    } else {
      const id = await createAuthUser(tx, invitation.email, input.password);
      account = { id, email: invitation.email, encrypted_password: null, banned: false };
    }
    // The team log names the invitee as the one who joined.
    await tx`select set_config('recall.actor_id', ${account.id}, true)`;
    await tx`
      insert into public.workspace_members (workspace_id, user_id, role) values (${invitation.workspace_id}, ${account.id}, ${invitation.role})
      on conflict (workspace_id, user_id) do nothing`;
    await tx`update public.workspace_invitations set accepted_by = ${account.id} where id = ${invitation.id}`;
    await tx`select private.audit(${invitation.workspace_id}::uuid, 'invitation_accepted', ${account.id}::uuid, ${invitation.email}::text,
                                  null, ${invitation.role}::text, jsonb_build_object('invitation_id', ${invitation.id}::text))`;
    const session = await openSession(tx, account, { ip: input.client, userAgent: input.userAgent });
    return { ...session, workspaceId: invitation.workspace_id };
  });
}
