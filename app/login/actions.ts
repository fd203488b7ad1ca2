'use server';

import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { clientAddress } from '@/lib/api/route';
import { isSecureRequest, SESSION_COOKIE, sessionCookieOptions } from '@/lib/auth/cookies';
import { safeNextPath, signInSchema } from '@/lib/auth/form';
import { signInWithPassword, INVALID_CREDENTIALS } from '@/lib/auth/sign-in';
import { createSupabaseServerClient } from '@/lib/auth/supabase';
import { authMode } from '@/lib/env';
import { isAppError } from '@/lib/errors';

export type SignInState = {
  ok: boolean;
  message?: string;
  fieldErrors?: Partial<Record<'email' | 'password', string[]>>;
  email?: string;
};

export async function signIn(_previous: SignInState, formData: FormData): Promise<SignInState> {
  const parsed = signInSchema.safeParse({ email: formData.get('email'), password: formData.get('password') });
  const email = String(formData.get('email') ?? '');
  if (!parsed.success) {
    return { ok: false, email, fieldErrors: z.flattenError(parsed.error).fieldErrors, message: 'Check the highlighted fields.' };
  }
  const store = await cookies();
  const requestHeaders = await headers();

  if (authMode() === 'supabase') {
    const supabase = createSupabaseServerClient({
      getAll: () => store.getAll(),
      setAll: (list) => list.forEach(({ name, value, options }) => store.set(name, value, options)),
    });
    const { error } = await supabase.auth.signInWithPassword(parsed.data);
    if (error) return { ok: false, email, message: error.status === 429 ? error.message : INVALID_CREDENTIALS };
  } else {
    try {
      const session = await signInWithPassword({ ...parsed.data, client: clientAddress(requestHeaders) });
      const origin = `${requestHeaders.get('x-forwarded-proto') ?? 'http'}://${requestHeaders.get('host') ?? 'localhost'}`;
      const secure = isSecureRequest(origin, requestHeaders.get('x-forwarded-proto'));
      store.set(SESSION_COOKIE, session.token, sessionCookieOptions(secure, session.expiresIn));
    } catch (error) {
      if (isAppError(error)) return { ok: false, email, message: error.message };
      throw error;
    }
  }
  redirect(safeNextPath(formData.get('next')) as '/');
}
