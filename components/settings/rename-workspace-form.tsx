'use client';

import { useActionState } from 'react';
import { toast } from 'sonner';
import { renameWorkspaceAction } from '@/lib/actions/workspaces';
import type { ActionResult } from '@/lib/actions/result';
import { FormField } from '@/components/ui/form-field';
import { SubmitButton } from './submit-button';

export function RenameWorkspaceForm({ workspaceId, name }: { workspaceId: string; name: string }) {
  const [state, action] = useActionState<ActionResult | null, FormData>(async (previous, form) => {
    const result = await renameWorkspaceAction(workspaceId, previous, form);
    if (result.ok) toast.success(result.message);
    return result;
  }, null);
  const error = state && !state.ok ? (state.fieldErrors?.name?.[0] ?? state.message) : undefined;
  return (
    <form action={action} className="flex flex-wrap items-start gap-3" aria-label="Rename workspace" noValidate>
      <div className="min-w-64 flex-1">
        <FormField id="workspace-name" name="name" label="Workspace name" defaultValue={name} maxLength={200} error={error} />
      </div>
      <SubmitButton pendingLabel="Saving…" variant="outline" className="mt-[1.375rem]">Rename</SubmitButton>
    </form>
  );
}
