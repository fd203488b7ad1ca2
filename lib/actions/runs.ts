'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { actionError, formDataOf, textField, type ActionResult } from '@/lib/actions/result';
import { requireUser } from '@/lib/auth/require';
import { isAppError } from '@/lib/errors';
import { runConfigSchema } from '@/lib/runs/config';
import { cancelRun } from '@/lib/runs/lifecycle/cancel-run';
import { continueRun } from '@/lib/runs/lifecycle/continue-run';
import { forceStartRun } from '@/lib/runs/lifecycle/force-start';
import { proceedRun } from '@/lib/runs/lifecycle/proceed-run';
import { removeRun } from '@/lib/runs/lifecycle/remove-run';
import { retryFailedChunks } from '@/lib/runs/lifecycle/retry-failed';
import { startRun } from '@/lib/runs/lifecycle/start-run';
import { trainRun } from '@/lib/runs/lifecycle/train-run';
import { editPair, pairQuestionSchema, REVIEW_STATES, reviewPairs } from '@/lib/review/decide';
import { countOf, formatNumber } from '@/lib/words';

const uuid = z.uuid();

/** The Generate form: the settings of a new run over a corpus. */
const generateFormSchema = z.object({
  corpus_id: z.uuid(),
  generator: runConfigSchema.shape.generator,
  model: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), runConfigSchema.shape.model),
  questions_per_chunk: z.coerce.number({ error: 'Enter a number.' }).int('Use a whole number.').min(1, 'At least 1.').max(10, 'At most 10.'),
  concurrency: z.coerce.number({ error: 'Enter a number.' }).int('Use a whole number.').min(1, 'At least 1.').max(64, 'At most 64.'),
});

export type GenerateState = ActionResult<{ runId: string }> & { values?: Record<string, string> };

export async function generateAction(_previous: GenerateState | null, formInput: FormData): Promise<GenerateState> {
  let values: Record<string, string> = {};
  try {
    const form = formDataOf(formInput);
    values = Object.fromEntries(['corpus_id', 'generator', 'model', 'questions_per_chunk', 'concurrency'].map((key) => [key, textField(form, key)]));
    const input = generateFormSchema.parse(values);
    const user = await requireUser();
    const run = await startRun(user, input.corpus_id, {
      generator: input.generator,
      questions_per_chunk: input.questions_per_chunk,
      concurrency: input.concurrency,
      ...(input.model ? { model: input.model } : {}),
    });
    revalidatePath('/');
    return { ok: true, message: `Run started over ${countOf(run.total_chunks, 'chunk')}.`, data: { runId: run.id }, values };
  } catch (error) {
    // Started elsewhere (another tab, the API): the page shows that run and why Generate waits.
    if (isAppError(error) && error.code === 'run_blocked') revalidatePath('/');
    return { ...actionError(error), values };
  }
}

const RUN_ACTIONS = ['cancel', 'proceed', 'remove', 'retry-failed', 'force-start', 'train', 'continue'] as const;
export type RunActionName = (typeof RUN_ACTIONS)[number];

/** One entry point for the row and run-page buttons; each calls the lifecycle function the API calls. */
export async function runAction(name: RunActionName, runId: string): Promise<ActionResult<{ runId: string }>> {
  try {
    const action = z.enum(RUN_ACTIONS).parse(name);
    const id = uuid.parse(runId);
    const user = await requireUser();
    const result = await perform(action, user, id);
    revalidatePath('/');
    revalidatePath(`/runs/${id}`);
    return result;
  } catch (error) {
    return actionError(error);
  }
}

export type RunFormState = (ActionResult<{ runId: string }> & { action: string; at: number }) | null;

/**
 * The run action buttons' form: `run_id` and the pressed button's `action`. Works without
 * JavaScript too (the page re-renders with the result).
 */
export async function runFormAction(_previous: RunFormState, formInput: FormData): Promise<RunFormState> {
  let form: FormData;
  try {
    form = formDataOf(formInput);
  } catch (error) {
    return { ...actionError(error), action: '', at: Date.now() };
  }
  const action = textField(form, 'action');
  const result = await runAction(action as RunActionName, textField(form, 'run_id'));
  return { ...result, action, at: Date.now() };
}

async function perform(action: RunActionName, user: Awaited<ReturnType<typeof requireUser>>, id: string): Promise<ActionResult<{ runId: string }>> {
  switch (action) {
    case 'cancel': {
      const { alreadyCancelled } = await cancelRun(user, id);
      return { ok: true, message: alreadyCancelled ? 'The run was already cancelled.' : 'Run cancelled. Finished chunks are kept.' };
    }
    case 'proceed': {
      const { run, drift } = await proceedRun(user, id);
      const deleted = drift?.deleted_chunks ? ` ${countOf(drift.deleted_chunks, 'deleted chunk')} skipped.` : '';
      const added = drift?.added_chunks ? ` ${countOf(drift.added_chunks, 'chunk')} added since the run started: continue it to cover them.` : '';
      return { ok: true, message: `Proceeding from ${formatNumber(run.processed_chunks)} of ${countOf(run.total_chunks, 'chunk')}.${deleted}${added}` };
    }
    case 'remove': {
      const { deleted_pairs } = await removeRun(user, id);
      return { ok: true, message: deleted_pairs === 0 ? 'Run removed; it had no pairs.' : `Run removed with its ${countOf(deleted_pairs, 'pair')}.` };
    }
    case 'retry-failed': {
      const { retried } = await retryFailedChunks(user, id);
      return { ok: true, message: `Retrying ${countOf(retried, 'failed chunk')}.` };
    }
    case 'force-start':
      await forceStartRun(user, id);
      return { ok: true, message: 'Run started now.' };
    case 'train':
      await trainRun(user, id);
      return { ok: true, message: 'Training started.' };
    case 'continue': {
      const child = await continueRun(user, id);
      return { ok: true, message: `Continuation started over ${countOf(child.total_chunks, 'chunk')} the lineage has not finished.`, data: { runId: child.id } };
    }
  }
}

export async function reviewAction(runId: string, target: number[] | 'all-pending', state: string): Promise<ActionResult<{ updated: number }>> {
  try {
    const id = uuid.parse(runId);
    const reviewState = z.enum(REVIEW_STATES).parse(state);
    const which = target === 'all-pending' ? ({ allPending: true } as const) : { pairIds: z.array(z.int().positive()).min(1).max(500).parse(target) };
    const user = await requireUser();
    const { updated } = await reviewPairs(user, id, which, reviewState);
    revalidatePath(`/runs/${id}`);
    return { ok: true, message: `${countOf(updated, 'pair')} ${reviewState === 'pending' ? 'reset' : reviewState}.`, data: { updated } };
  } catch (error) {
    return actionError(error);
  }
}

export async function editPairAction(runId: string, pairId: number, question: string): Promise<ActionResult<{ question: string }>> {
  try {
    const id = uuid.parse(runId);
    const text = z.object({ question: pairQuestionSchema }).parse({ question });
    const user = await requireUser();
    const pair = await editPair(user, id, z.int().positive().parse(pairId), text.question);
    revalidatePath(`/runs/${id}`);
    return { ok: true, message: 'Question saved and approved.', data: { question: pair.question } };
  } catch (error) {
    return actionError(error);
  }
}

export type ReviewFormState = (ActionResult<{ updated: number }> & { at: number }) | null;

/** The review forms of the run page: `run_id`, `state`, and `pair_id` (repeatable) or `all_pending`. */
export async function reviewFormAction(_previous: ReviewFormState, formInput: FormData): Promise<ReviewFormState> {
  let form: FormData;
  try {
    form = formDataOf(formInput);
  } catch (error) {
    return { ...actionError(error), at: Date.now() };
  }
  const target = form.get('all_pending') ? 'all-pending' : form.getAll('pair_id').map((id) => Number(id));
  const result = await reviewAction(textField(form, 'run_id'), target, textField(form, 'state'));
  return { ...result, at: Date.now() };
}

export type EditFormState = (ActionResult<{ question: string }> & { pairId: number; at: number }) | null;

/** The inline edit form of a pair: `run_id`, `pair_id`, `question`. */
export async function editFormAction(_previous: EditFormState, formInput: FormData): Promise<EditFormState> {
  let form: FormData;
  try {
    form = formDataOf(formInput);
  } catch (error) {
    return { ...actionError(error), pairId: 0, at: Date.now() };
  }
  const pairId = Number(form.get('pair_id'));
  const result = await editPairAction(textField(form, 'run_id'), pairId, textField(form, 'question'));
  return { ...result, pairId, at: Date.now() };
}
