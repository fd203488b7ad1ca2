import 'server-only';
import { serviceSql } from '@/lib/db/service';
import { AppError, isAppError } from '@/lib/errors';
import { setAuthPassword } from './accounts';
import type { SessionUser } from './claims';
import type { ChangePasswordInput } from './password';
import { endAllSessions } from './sessions';
import { verifyPassword } from './sign-in';

/**
 * Embedded sign-in: a user changes their own password. The current one is checked under the
 * sign-in limits (a stolen session cannot guess it faster than a sign-in could); every other
 * session of the user then ends, this one stays.
 */
export async function changePassword(user: SessionUser, input: ChangePasswordInput & { client: string }): Promise<{ endedSessions: number }> {
  const sql = serviceSql();
  try {
    const account = await verifyPassword(sql, { email: user.email, password: input.current_password, client: input.client });
    if (account.id !== user.id) throw new AppError('invalid_credentials', 'The account has changed.');
  } catch (error) {
    if (isAppError(error) && error.code === 'invalid_credentials') {
      throw new AppError('validation_failed', 'The current password is wrong.', {
        details: { fieldErrors: { current_password: ['The current password is wrong.'] } },
      });
    }
    throw error;
  }
  await setAuthPassword(sql, user.id, input.new_password);
  return { endedSessions: await endAllSessions(user.claims, { keepCurrent: true }) };
}
