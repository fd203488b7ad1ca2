'use client';

import { useActionState } from 'react';
import { createWorkspaceAction } from '@/lib/actions/workspaces';
import type { ActionResult } from '@/lib/actions/result';
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { FormField } from '@/components/ui/form-field';
import { SubmitButton } from './submit-button';

/** "New workspace" from the header's switcher: you become its admin and it becomes current. */
export function NewWorkspaceDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const [state, action] = useActionState<ActionResult | null, FormData>(createWorkspaceAction, null);
  const error = state && !state.ok ? (state.fieldErrors?.name?.[0] ?? state.message) : undefined;
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>New workspace</DialogTitle>
          <DialogDescription>A separate space for a team&apos;s corpora and runs. You become its admin and can add colleagues.</DialogDescription>
        </DialogHeader>
        <form action={action} className="grid gap-4" noValidate>
          <FormField id="new-workspace-name" name="name" label="Name" placeholder="Support team" autoFocus maxLength={200} error={error} />
          <SubmitButton pendingLabel="Creating…">Create workspace</SubmitButton>
        </form>
      </DialogContent>
    </Dialog>
  );
}
