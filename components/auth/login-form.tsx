'use client';

import { AlertCircleIcon } from 'lucide-react';
import { useActionState } from 'react';
import { useFormStatus } from 'react-dom';
import { signIn, type SignInState } from '@/lib/actions/session';
import { Alert, AlertDescription } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Spinner } from '@/components/ui/spinner';

function SubmitButton() {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" className="w-full" disabled={pending}>
      {pending && <Spinner />}
      {pending ? 'Signing in…' : 'Sign in'}
    </Button>
  );
}

export function LoginForm({ next }: { next: string }) {
  const [state, action] = useActionState<SignInState, FormData>(signIn, { ok: true });
  return (
    <form action={action} className="grid gap-5" noValidate>
      <input type="hidden" name="next" value={next} />
      <div aria-live="polite">
        {!state.ok && state.message && !state.fieldErrors && (
          <Alert variant="destructive">
            <AlertCircleIcon />
            <AlertDescription>{state.message}</AlertDescription>
          </Alert>
        )}
      </div>
      <FormField
        id="email"
        name="email"
        type="email"
        label="Email"
        autoComplete="username"
        autoFocus
        required
        defaultValue={state.email}
        error={state.fieldErrors?.email?.[0]}
      />
      <FormField
        id="password"
        name="password"
        type="password"
        label="Password"
        autoComplete="current-password"
        required
        error={state.fieldErrors?.password?.[0]}
      />
      <SubmitButton />
    </form>
  );
}
