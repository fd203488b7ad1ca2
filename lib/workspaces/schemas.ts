import { z } from 'zod';
import { storableText } from '@/lib/validation';

export const WORKSPACE_ROLES = ['admin', 'viewer'] as const;
export const workspaceRoleSchema = z.enum(WORKSPACE_ROLES, { error: 'Choose a role: admin or viewer.' });

export const workspaceNameSchema = storableText()
  .trim()
  .min(1, 'Give the workspace a name.')
  .max(100, 'Keep the name under 100 characters.');

export const workspaceInputSchema = z.object({ name: workspaceNameSchema });
export type WorkspaceInput = z.infer<typeof workspaceInputSchema>;

export const memberEmailSchema = z
  .string({ error: 'Enter an email address.' })
  .trim()
  .min(1, 'Enter an email address.')
  .max(320, 'That email is too long.')
  .pipe(z.email('Enter a valid email address.'))
  .transform((email) => email.toLowerCase());

export const addMemberSchema = z.object({ email: memberEmailSchema, role: workspaceRoleSchema });
export type AddMemberInput = z.infer<typeof addMemberSchema>;

export const changeRoleSchema = z.object({ role: workspaceRoleSchema });
