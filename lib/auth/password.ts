import { z } from 'zod';
import { storableText } from '@/lib/validation';

// A short list of the passwords tried first by every guesser; NIST 800-63B asks to refuse them.
const COMMON = new Set([
  'password', 'password1', 'password123', '12345678', '123456789', '1234567890', 'qwertyuiop', 'qwerty123',
  'iloveyou', 'letmein1', 'welcome1', 'admin123', 'changeme', 'abc12345', '11111111', '00000000', 'recall123',
]);

/** A new password: 8–1024 characters, not a well-known one, not all one character. */
export const newPasswordSchema = storableText()
  .min(8, 'Use at least 8 characters.')
  .max(1024, 'That password is too long.')
  .refine((value) => !COMMON.has(value.toLowerCase()), 'That password is too common: choose another.')
  .refine((value) => new Set(value).size > 2, 'Use more than two different characters.');

export const acceptInvitationSchema = z.object({
  token: z.string().trim().min(20, 'This invitation link is incomplete.').max(200, 'This invitation link is not valid.'),
  password: newPasswordSchema,
});
export type AcceptInvitationInput = z.infer<typeof acceptInvitationSchema>;

export const changePasswordSchema = z
  .object({
    current_password: storableText().min(1, 'Enter your current password.').max(1024, 'That password is too long.'),
    new_password: newPasswordSchema,
  })
  .refine((value) => value.current_password !== value.new_password, { path: ['new_password'], message: 'Choose a password different from the current one.' });
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;
