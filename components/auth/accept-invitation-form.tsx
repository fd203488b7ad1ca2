'use client';

import { AlertCircleIcon } from 'lucide-react';
import { useActionState } from 'react';
import { acceptInvitationAction } from '@/lib/actions/account';
import type { ActionResult } from '@/lib/actions/result';
import { Alert, AlertDescription } from '@/components/ui/alert';
import { FormField } from '@/components/ui/form-field';
import { SubmitButton } from '@/components/settings/submit-button';

/** Sets the invitee's password (or, for an account made since, asks for it) and joins. */
export function AcceptInvitationForm({ token, email, hasAccount }: { token: string; email: string; hasAccount: boolean }) {
  const [state, action] = useActionState<ActionResult | null, FormData>(acceptInvitationAction, null);
  const failed = state && !state.ok ? state : undefined;
  return (
    <form action={action} className="grid gap-5" aria-label="Accept invitation" noValidate>
      <input type="hidden" name="token" value={token} />
      <div aria-live="polite">
        {failed && !failed.fieldErrors?.password && (
          <Alert variant="destructive">
            <AlertCircleIcon />
            <AlertDescription>{failed.fieldErrors?.token?.[0] ?? failed.message}</AlertDescription>
          </Alert>
        )}
      </div>
      <FormField id="invite-email" name="email" type="email" label="Email" value={email} readOnly autoComplete="username" />
      <FormField
        id="invite-password"
        name="password"
        type="password"
        label={hasAccount ? 'Your password' : 'Choose a password'}
        autoComplete={hasAccount ? 'current-password' : 'new-password'}
        autoFocus
        error={failed?.fieldErrors?.password?.[0]}
      />
      {!hasAccount && <p className="text-muted-foreground -mt-3 text-xs">At least 8 characters, not a well-known password.</p>}
      <SubmitButton pendingLabel="Joining…" className="w-full">
        {hasAccount ? 'Sign in and join' : 'Create account and join'}
      </SubmitButton>
    </form>
  );
}
