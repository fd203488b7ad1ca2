'use client';

import { DumbbellIcon } from 'lucide-react';
import { useActionState, useEffect, useRef, useState } from 'react';
import { useFormStatus } from 'react-dom';
import { toast } from 'sonner';
import { trainAction, trainingChoicesAction, type TrainingChoices, type TrainState } from '@/lib/actions/training';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from '@/components/ui/dialog';
import { FormField } from '@/components/ui/form-field';
import { Label } from '@/components/ui/label';
import { Spinner } from '@/components/ui/spinner';

const selectClass = 'border-input dark:bg-input/30 h-9 rounded-md border bg-transparent px-3 text-sm shadow-xs disabled:opacity-50';

/**
 * Train: pick the embedding model, the trainer and the passes, with the defaults filled in;
 * what this server cannot do is offered disabled, saying why. The server validates again.
 */
export function TrainDialog({ runId, onDone }: { runId: string; onDone?: () => void }) {
  const [open, setOpen] = useState(false);
  const [choices, setChoices] = useState<TrainingChoices | null>(null);
  const [embedder, setEmbedder] = useState<'builtin' | 'openai'>('builtin');
  const [trainer, setTrainer] = useState<'local' | 'remote'>('local');
  const done = useRef(onDone);
  useEffect(() => {
    done.current = onDone;
  });
  // The result is announced as the action returns: success closes the dialog.
  const [state, action] = useActionState<TrainState, FormData>(async (previous, form) => {
    const result = await trainAction(previous, form);
    if (result?.ok) {
      toast.success(result.message);
      setOpen(false);
      done.current?.();
    }
    return result;
  }, null);
  useEffect(() => {
    if (!open || choices) return;
    void trainingChoicesAction().then(setChoices);
  }, [open, choices]);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const remoteReason = choices?.remote[embedder] ?? null;
  const remoteBlocked = choices !== null && remoteReason !== null;
  const chosenTrainer = remoteBlocked ? 'local' : trainer;
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button type="button" size="sm">
          <DumbbellIcon aria-hidden />
          Train
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Train a retrieval adapter</DialogTitle>
          <DialogDescription>
            On the lineage&apos;s pairs (rejected ones left out). A fifth of the chunks is held out for the test, a tenth for
            validation; no adapter is kept unless it beats none on validation.
          </DialogDescription>
        </DialogHeader>
        <form action={action} className="grid gap-4" aria-label="Training settings" noValidate>
          <input type="hidden" name="run_id" value={runId} />
          <div className="grid gap-2">
            <Label htmlFor={`embedder-${runId}`}>Embedding model</Label>
            <select id={`embedder-${runId}`} name="embedder" value={embedder} onChange={(e) => setEmbedder(e.target.value as 'builtin' | 'openai')} className={selectClass}>
              <option value="builtin">Built-in (BM25 over hashed words and word pieces; no key, no network)</option>
              <option value="openai" disabled={choices?.openai.reason !== null}>
                OpenAI-compatible{choices?.openai.model ? ` (${choices.openai.model})` : ''}{choices?.openai.reason ? ' — not configured' : ''}
              </option>
            </select>
            {choices?.openai.reason && embedder === 'builtin' && <p className="text-muted-foreground text-xs">{choices.openai.reason}</p>}
            {errors.embedder && <p className="text-destructive text-sm">{errors.embedder[0]}</p>}
          </div>
          {embedder === 'openai' && (
            <FormField id={`model-${runId}`} name="model" label="Model (optional)" placeholder={choices?.openai.model ?? 'server default'} error={errors.model?.[0]} />
          )}
          <div className="grid gap-2">
            <Label htmlFor={`trainer-${runId}`}>Trainer</Label>
            <select id={`trainer-${runId}`} name="trainer" value={chosenTrainer} onChange={(e) => setTrainer(e.target.value as 'local' | 'remote')} className={selectClass}>
              <option value="local">This worker</option>
              <option value="remote" disabled={choices === null || remoteBlocked}>External trainer{remoteBlocked ? ' — unavailable' : ''}</option>
            </select>
            {remoteBlocked && <p className="text-muted-foreground text-xs" data-testid="trainer-unavailable">{remoteReason}</p>}
            {errors.trainer && <p className="text-destructive text-sm">{errors.trainer[0]}</p>}
          </div>
          <FormField id={`epochs-${runId}`} name="epochs" label="Passes over the pairs (epochs)" inputMode="numeric" defaultValue="6" error={errors.epochs?.[0]} />
          {state && !state.ok && !state.fieldErrors && <p role="alert" className="text-destructive text-sm">{state.message}</p>}
          <DialogFooter>
            <StartButton />
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function StartButton() {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" disabled={pending}>
      {pending && <Spinner />}Start training
    </Button>
  );
}
