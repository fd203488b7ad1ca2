'use client';

import { useActionState, useEffect, useRef } from 'react';
import { useFormStatus } from 'react-dom';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Spinner } from '@/components/ui/spinner';
import { editFormAction, type EditFormState } from '@/lib/actions/runs';

/** Inline edit: saving approves the pair; Escape or Cancel closes it and gives focus back to its row. */
export function EditQuestion({ runId, pair, onClose }: { runId: string; pair: { id: number; question: string }; onClose: () => void }) {
  const [state, action] = useActionState<EditFormState, FormData>(editFormAction, null);
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  });
  useEffect(() => {
    if (!state?.ok) return;
    toast.success(state.message);
    close.current();
  }, [state]);
  const error = state && !state.ok ? (state.fieldErrors?.question?.[0] ?? state.message) : undefined;
  return (
    <form className="grid gap-1" action={action}>
      <input type="hidden" name="run_id" value={runId} />
      <input type="hidden" name="pair_id" value={pair.id} />
      <Input
        name="question"
        aria-label="Question"
        defaultValue={pair.question}
        autoFocus
        aria-invalid={error ? true : undefined}
        onKeyDown={(e) => {
          if (e.key === 'Escape') close.current();
        }}
      />
      {error && <p className="text-destructive text-xs">{error}</p>}
      <div className="flex gap-2">
        <SaveButton />
        <Button size="sm" type="button" variant="ghost" onClick={() => close.current()}>Cancel</Button>
      </div>
    </form>
  );
}

function SaveButton() {
  const { pending } = useFormStatus();
  return (
    <Button size="sm" type="submit" disabled={pending}>
      {pending && <Spinner />}Save
    </Button>
  );
}
