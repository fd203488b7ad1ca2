'use client';

import { Trash2Icon } from 'lucide-react';
import { useActionState, useTransition } from 'react';
import { useFormStatus } from 'react-dom';
import { toast } from 'sonner';
import { addQuestionsAction, removeQuestionAction } from '@/lib/actions/corpora';
import type { ActionResult } from '@/lib/actions/result';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Label } from '@/components/ui/label';
import { Spinner } from '@/components/ui/spinner';

type Question = { id: number; question: string; document_title: string; chunk_id: string | null };

/** The corpus's own questions (a test set training reports on first): listed, added one by one or pasted as JSON lines, removed. */
export function TestQuestions({ corpusId, questions, documents, canWrite }: { corpusId: string; questions: Question[]; documents: { id: string; title: string }[]; canWrite: boolean }) {
  const [state, action] = useActionState<ActionResult<{ created: number }> | null, FormData>(async (_previous, form) => {
    const result = await addQuestionsAction(corpusId, form);
    if (result.ok) toast.success(result.message);
    return result;
  }, null);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  return (
    <div className="grid gap-4">
      {questions.length === 0 ? (
        <p className="text-muted-foreground text-sm">No test questions yet: training then reports on held-out generated questions only.</p>
      ) : (
        <ul className="grid gap-1 text-sm" aria-label="Test questions">
          {questions.slice(0, 200).map((q) => (
            <li key={q.id} className="flex items-start justify-between gap-2 border-b py-1 last:border-0">
              <span className="min-w-0 break-words">
                {q.question} <span className="text-muted-foreground text-xs">— {q.document_title}{q.chunk_id ? '' : ' (any chunk)'}</span>
              </span>
              {canWrite && <RemoveQuestion corpusId={corpusId} id={q.id} question={q.question} />}
            </li>
          ))}
        </ul>
      )}
      {canWrite && (
        <form action={action} className="grid gap-3" aria-label="Add test questions" noValidate>
          <div className="grid gap-3 sm:grid-cols-2">
            <FormField id="test-question" name="question" label="Question" placeholder="What a user would ask" error={errors.question?.[0]} />
            <div className="grid gap-2">
              <Label htmlFor="test-question-document">Answered by</Label>
              <select id="test-question-document" name="document_id" className="border-input dark:bg-input/30 h-9 rounded-md border bg-transparent px-3 text-sm shadow-xs">
                {documents.map((d) => (
                  <option key={d.id} value={d.id}>{d.title}</option>
                ))}
              </select>
              {errors.document_id && <p className="text-destructive text-sm">{errors.document_id[0]}</p>}
            </div>
          </div>
          <div className="grid gap-2">
            <Label htmlFor="test-question-lines">Or paste JSON lines</Label>
            <textarea
              id="test-question-lines"
              name="lines"
              rows={3}
              placeholder={'{"question": "How do I restart a failed run?", "document": "Proceed, Cancel, Retry, Remove and Force Start"}'}
              className="border-input dark:bg-input/30 rounded-md border bg-transparent px-3 py-2 font-mono text-xs shadow-xs"
              aria-invalid={errors.lines ? true : undefined}
            />
            {errors.lines && <p className="text-destructive text-sm">{errors.lines[0]}</p>}
          </div>
          {state && !state.ok && !state.fieldErrors && <p role="alert" className="text-destructive text-sm">{state.message}</p>}
          <AddButton />
        </form>
      )}
    </div>
  );
}

function AddButton() {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" size="sm" variant="outline" className="justify-self-start" disabled={pending}>
      {pending && <Spinner />}Add to the test set
    </Button>
  );
}

function RemoveQuestion({ corpusId, id, question }: { corpusId: string; id: number; question: string }) {
  const [pending, start] = useTransition();
  return (
    <Button
      type="button"
      size="icon"
      variant="ghost"
      aria-label={`Remove “${question}”`}
      disabled={pending}
      onClick={() =>
        start(async () => {
          const result = await removeQuestionAction(corpusId, id);
          if (result.ok) toast.success(result.message);
          else toast.error(result.message);
        })
      }
    >
      {pending ? <Spinner /> : <Trash2Icon aria-hidden />}
    </Button>
  );
}
