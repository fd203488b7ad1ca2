import { z } from 'zod';

export const signInSchema = z.object({
  email: z.string().trim().min(1, 'Enter your email.').pipe(z.email('Enter a valid email address.')),
  password: z.string().min(1, 'Enter your password.').max(1024, 'That password is too long.'),
});
export type SignInInput = z.infer<typeof signInSchema>;

/** Only same-site relative paths may be followed after sign-in. */
export function safeNextPath(value: unknown): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : '/';
}
