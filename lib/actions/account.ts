'use server';

import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { actionError, formDataOf, textField, type ActionResult } from '@/lib/actions/result';
import { clientAddress } from '@/lib/api/route';
import { changePassword } from '@/lib/auth/change-password';
import { isSecureRequest, SESSION_COOKIE, sessionCookieOptions } from '@/lib/auth/cookies';
import { acceptInvitation } from '@/lib/auth/invitations';
import { acceptInvitationSchema, changePasswordSchema } from '@/lib/auth/password';
import { requireUser } from '@/lib/auth/require';
import { authMode } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { CURRENT_WORKSPACE_COOKIE } from '@/lib/workspaces/memberships';

/** /settings/account: a new password, the current one checked; other sessions end. */
export async function changePasswordAction(_previous: ActionResult | null, formInput: FormData): Promise<ActionResult> {
  try {
    if (authMode() === 'supabase') throw new AppError('not_found', 'Passwords are managed by Supabase Auth in this deployment.');
    const form = formDataOf(formInput);
    const input = changePasswordSchema.parse({ current_password: textField(form, 'current_password'), new_password: textField(form, 'new_password') });
    const user = await requireUser();
    const { endedSessions } = await changePassword(user, { ...input, client: clientAddress(await headers()) });
    const others = endedSessions ? ` ${endedSessions === 1 ? 'One other session was' : `${endedSessions} other sessions were`} signed out.` : '';
    return { ok: true, message: `Password changed.${others}` };
  } catch (error) {
    return actionError(error);
  }
}

/** /invite: sets the invitee's password (or checks it), joins the workspace, signs them in. */
export async function acceptInvitationAction(_previous: ActionResult | null, formInput: FormData): Promise<ActionResult> {
  try {
    const form = formDataOf(formInput);
    const input = acceptInvitationSchema.parse({ token: textField(form, 'token'), password: textField(form, 'password') });
    const requestHeaders = await headers();
    const session = await acceptInvitation({ ...input, client: clientAddress(requestHeaders), userAgent: requestHeaders.get('user-agent') });
    const store = await cookies();
    const secure = isSecureRequest(`http://${requestHeaders.get('host') ?? 'localhost'}`, requestHeaders.get('x-forwarded-proto'));
    store.set(SESSION_COOKIE, session.token, sessionCookieOptions(secure, session.expiresIn));
    store.set(CURRENT_WORKSPACE_COOKIE, session.workspaceId, { httpOnly: true, sameSite: 'lax', path: '/', maxAge: 365 * 86400 });
  } catch (error) {
    return actionError(error);
  }
  redirect('/');
}
