'use client';

import { CheckIcon, CopyIcon } from 'lucide-react';
import { useActionState, useState } from 'react';
import { toast } from 'sonner';
import { addMemberAction } from '@/lib/actions/workspaces';
import type { ActionResult } from '@/lib/actions/result';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { RoleSelect } from './role-select';
import { SubmitButton } from './submit-button';

type State = ActionResult<{ invitationUrl?: string }> | null;

/** Add a member by email; without an account, the invitation link to copy (no mail server is assumed). */
export function AddMemberForm({ workspaceId }: { workspaceId: string }) {
  const [state, action] = useActionState<State, FormData>(async (previous, form) => {
    const result = await addMemberAction(workspaceId, previous, form);
    if (result.ok && !result.data?.invitationUrl) toast.success(result.message);
    return result;
  }, null);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  return (
    <div className="grid gap-4">
      <form action={action} className="grid gap-3 sm:grid-cols-[1fr_auto_auto] sm:items-start" aria-label="Add a member" noValidate>
        <FormField id="member-email" name="email" type="email" label="Email" placeholder="colleague@example.com" autoComplete="off" error={errors.email?.[0]} />
        <div className="grid gap-2">
          <Label htmlFor="member-role">Role</Label>
          <RoleSelect id="member-role" name="role" defaultValue="viewer" aria-invalid={errors.role ? true : undefined} />
          {errors.role && <p className="text-destructive text-sm">{errors.role[0]}</p>}
        </div>
        <SubmitButton pendingLabel="Adding…" className="sm:mt-[1.375rem]">Add member</SubmitButton>
      </form>
      <div aria-live="polite">
        {state && !state.ok && !state.fieldErrors && <p className="text-destructive text-sm">{state.message}</p>}
        {state?.ok && state.data?.invitationUrl && <InvitationLink message={state.message} url={state.data.invitationUrl} />}
      </div>
    </div>
  );
}

function InvitationLink({ message, url }: { message: string; url: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
      toast.success('Invitation link copied.');
    } catch {
      toast.error('Copy failed: select the link and copy it by hand.');
    }
  };
  return (
    <div className="bg-muted/50 grid gap-2 rounded-md border p-3">
      <p className="text-sm">{message}</p>
      <div className="flex gap-2">
        <Input readOnly value={url} aria-label="Invitation link" onFocus={(e) => e.currentTarget.select()} className="font-mono text-xs" />
        <Button type="button" variant="outline" onClick={copy}>
          {copied ? <CheckIcon aria-hidden /> : <CopyIcon aria-hidden />} Copy link
        </Button>
      </div>
      <p className="text-muted-foreground text-xs">Shown once: Recall keeps only a hash of it. Revoke it below, or add the person again for a new link.</p>
    </div>
  );
}
