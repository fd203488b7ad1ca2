import { z } from 'zod';
import { storableText } from '@/lib/validation';

export const signInSchema = z.object({
  email: z.string().trim().min(1, 'Enter your email.').max(320, 'That email is too long.').pipe(z.email('Enter a valid email address.')),
  password: storableText().min(1, 'Enter your password.').max(1024, 'That password is too long.'),
});
export type SignInInput = z.infer<typeof signInSchema>;

/**
 * Only same-origin paths may be followed after sign-in. Parsing against a placeholder
 * origin catches every trick browsers normalise away (`//host`, `/\\host`, tabs, newlines).
 */
export function safeNextPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || /[\u0000-\u001F\u007F\\]/.test(value)) return '/';
  try {
    const url = new URL(value, 'http://recall.invalid');
    return url.origin === 'http://recall.invalid' ? `${url.pathname}${url.search}${url.hash}` : '/';
  } catch {
    return '/';
  }
}
