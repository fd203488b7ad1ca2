'use client';

import { useActionState } from 'react';
import { toast } from 'sonner';
import { changePasswordAction } from '@/lib/actions/account';
import type { ActionResult } from '@/lib/actions/result';
import { FormField } from '@/components/ui/form-field';
import { SubmitButton } from './submit-button';

/** The current password is checked (under sign-in's rate limits); other sessions end. */
export function ChangePasswordForm() {
  const [state, action] = useActionState<ActionResult | null, FormData>(async (previous, form) => {
    const result = await changePasswordAction(previous, form);
    if (result.ok) toast.success(result.message);
    return result;
  }, null);
  const failed = state && !state.ok ? state : undefined;
  const errors = failed?.fieldErrors ?? {};
  return (
    <form action={action} className="grid max-w-sm gap-4" aria-label="Change password" noValidate>
      <FormField
        id="current-password"
        name="current_password"
        type="password"
        label="Current password"
        autoComplete="current-password"
        error={errors.current_password?.[0] ?? (failed && !failed.fieldErrors ? failed.message : undefined)}
      />
      <FormField id="new-password" name="new_password" type="password" label="New password" autoComplete="new-password" error={errors.new_password?.[0]} />
      <p className="text-muted-foreground -mt-2 text-xs">At least 8 characters, not a well-known password.</p>
      <SubmitButton pendingLabel="Changing…" className="justify-self-start">
        Change password
      </SubmitButton>
    </form>
  );
}
