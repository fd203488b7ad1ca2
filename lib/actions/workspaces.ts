'use server';

import { cookies, headers } from 'next/headers';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { actionError, formDataOf, textField, type ActionResult } from '@/lib/actions/result';
import { appOrigin } from '@/lib/api/origin';
import { requireUser } from '@/lib/auth/require';
import { revokeInvitation } from '@/lib/workspaces/invitations';
import { addMember, changeMemberRole, leaveWorkspace, removeMember } from '@/lib/workspaces/members';
import { CURRENT_WORKSPACE_COOKIE } from '@/lib/workspaces/memberships';
import { addMemberSchema, workspaceInputSchema, workspaceRoleSchema } from '@/lib/workspaces/schemas';
import { createWorkspace, renameWorkspace } from '@/lib/workspaces/workspaces';

const SETTINGS = '/settings/workspace';
const rememberWorkspace = async (id: string) =>
  (await cookies()).set(CURRENT_WORKSPACE_COOKIE, id, { httpOnly: true, sameSite: 'lax', path: '/', maxAge: 365 * 86400 });

/** The header's "New workspace": creates it with the caller as admin and switches to it. */
export async function createWorkspaceAction(_previous: ActionResult | null, formInput: FormData): Promise<ActionResult> {
  let id: string;
  try {
    const input = workspaceInputSchema.parse({ name: textField(formDataOf(formInput), 'name') });
    id = (await createWorkspace(await requireUser(), input)).id;
    await rememberWorkspace(id);
  } catch (error) {
    return actionError(error);
  }
  revalidatePath('/', 'layout');
  redirect(SETTINGS);
}

export async function renameWorkspaceAction(workspaceId: string, _previous: ActionResult | null, formInput: FormData): Promise<ActionResult> {
  try {
    const input = workspaceInputSchema.parse({ name: textField(formDataOf(formInput), 'name') });
    const renamed = await renameWorkspace(await requireUser(), z.uuid().parse(workspaceId), input);
    revalidatePath('/', 'layout');
    return { ok: true, message: `Renamed to “${renamed.name}”.` };
  } catch (error) {
    return actionError(error);
  }
}

/** Adds a member by email; an email without an account gets an invitation link to copy. */
export async function addMemberAction(
  workspaceId: string,
  _previous: ActionResult<{ invitationUrl?: string }> | null,
  formInput: FormData,
): Promise<ActionResult<{ invitationUrl?: string }>> {
  try {
    const form = formDataOf(formInput);
    const input = addMemberSchema.parse({ email: textField(form, 'email'), role: textField(form, 'role') });
    const added = await addMember(await requireUser(), z.uuid().parse(workspaceId), input, appOrigin(await headers()));
    revalidatePath(SETTINGS);
    if ('member' in added) return { ok: true, message: `${added.member.email} added as ${added.member.role}.` };
    return {
      ok: true,
      message: `${input.email} has no account yet: copy the invitation link and send it to them. It works once, for 7 days.`,
      data: { invitationUrl: added.invitation.url },
    };
  } catch (error) {
    return actionError(error);
  }
}

export async function changeRoleAction(workspaceId: string, userId: string, role: string): Promise<ActionResult> {
  try {
    const member = await changeMemberRole(await requireUser(), z.uuid().parse(workspaceId), z.uuid().parse(userId), workspaceRoleSchema.parse(role));
    revalidatePath('/', 'layout');
    return { ok: true, message: `${member.email} is now ${member.role === 'admin' ? 'an admin' : 'a viewer'}.` };
  } catch (error) {
    return actionError(error);
  }
}

export async function removeMemberAction(workspaceId: string, userId: string): Promise<ActionResult> {
  try {
    await removeMember(await requireUser(), z.uuid().parse(workspaceId), z.uuid().parse(userId));
    revalidatePath(SETTINGS);
    return { ok: true, message: 'Member removed: their access to this workspace has ended.' };
  } catch (error) {
    return actionError(error);
  }
}

export async function leaveWorkspaceAction(workspaceId: string): Promise<ActionResult> {
  try {
    await leaveWorkspace(await requireUser(), z.uuid().parse(workspaceId));
    (await cookies()).delete(CURRENT_WORKSPACE_COOKIE);
  } catch (error) {
    return actionError(error);
  }
  revalidatePath('/', 'layout');
  redirect('/');
}

export async function revokeInvitationAction(workspaceId: string, invitationId: string): Promise<ActionResult> {
  try {
    await revokeInvitation(await requireUser(), z.uuid().parse(workspaceId), z.uuid().parse(invitationId));
    revalidatePath(SETTINGS);
    return { ok: true, message: 'Invitation revoked: the link no longer works.' };
  } catch (error) {
    return actionError(error);
  }
}
