'use client';

import { SparklesIcon } from 'lucide-react';
import { useActionState, useEffect, useRef, useState } from 'react';
import { useFormStatus } from 'react-dom';
import { toast } from 'sonner';
import { generateAction, type GenerateState } from '@/lib/actions/runs';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Label } from '@/components/ui/label';
import { Spinner } from '@/components/ui/spinner';

type Props = { corpusId: string; disabled: boolean; defaultGenerator: 'offline' | 'openai'; openaiConfigured: boolean };

/** The run settings form; every field is validated again on the server (zod) with field errors. */
export function GenerateForm({ corpusId, disabled, defaultGenerator, openaiConfigured }: Props) {
  const [state, action] = useActionState<GenerateState | null, FormData>(generateAction, null);
  const handled = useRef<GenerateState | null>(null);
  useEffect(() => {
    if (!state || handled.current === state) return;
    handled.current = state;
    if (state.ok) toast.success(state.message);
  }, [state]);
  const errors = state && !state.ok ? state.fieldErrors ?? {} : {};
  const value = (key: string, fallback: string) => state?.values?.[key] ?? fallback;
  const [generator, setGenerator] = useState(value('generator', defaultGenerator));
  return (
    <form action={action} className="grid gap-4" aria-label="Run settings" noValidate>
      <input type="hidden" name="corpus_id" value={corpusId} />
      {/* While a run blocks the corpus there is nothing to set: the fields rest with the button. */}
      <fieldset disabled={disabled} className="grid gap-4 sm:grid-cols-2">
        <div className="grid gap-2">
          <Label htmlFor="generator">Generator</Label>
          <select
            id="generator"
            name="generator"
            value={generator}
            onChange={(event) => setGenerator(event.target.value)}
            className="border-input dark:bg-input/30 h-9 rounded-md border bg-transparent px-3 text-sm shadow-xs disabled:opacity-50"
            aria-invalid={errors.generator ? true : undefined}
          >
            <option value="offline">Offline (built in, no key)</option>
            <option value="openai" disabled={!openaiConfigured}>OpenAI-compatible model{openaiConfigured ? '' : ' (not configured)'}</option>
          </select>
          {errors.generator && <p className="text-destructive text-sm">{errors.generator[0]}</p>}
        </div>
        <FormField
          id="model"
          name="model"
          label="Model (OpenAI-compatible only)"
          placeholder={generator === 'openai' ? 'server default' : 'not used offline'}
          defaultValue={value('model', '')}
          disabled={generator !== 'openai'}
          error={errors.model?.[0]}
        />
        <FormField id="questions_per_chunk" name="questions_per_chunk" label="Questions per chunk" inputMode="numeric" defaultValue={value('questions_per_chunk', '3')} error={errors.questions_per_chunk?.[0]} />
        <FormField id="concurrency" name="concurrency" label="Concurrency" inputMode="numeric" defaultValue={value('concurrency', '8')} error={errors.concurrency?.[0]} />
      </fieldset>
      {state && !state.ok && !state.fieldErrors && (
        <p role="alert" className="text-destructive text-sm">{state.message}</p>
      )}
      <Generate disabled={disabled} />
    </form>
  );
}

function Generate({ disabled }: { disabled: boolean }) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" disabled={disabled || pending} className="w-fit" aria-busy={pending}>
      {pending ? <Spinner /> : <SparklesIcon aria-hidden />}
      Generate
    </Button>
  );
}
