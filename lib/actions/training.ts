'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { actionError, formDataOf, textField, type ActionResult } from '@/lib/actions/result';
import { requireUser } from '@/lib/auth/require';
import { env } from '@/lib/env';
import { trainRun } from '@/lib/runs/lifecycle/train-run';
import { trainingOptionsSchema } from '@/lib/training/options';
import { trainerUnavailable } from '@/lib/training/remote/availability';
import { searchRun, searchSchema, type SearchResults } from '@/lib/training/search';
import { openaiEmbedderUnavailable } from '@/lib/training/select';
import { parseInput } from '@/lib/validation';

/** The run page's search box: the same search as POST /api/runs/{id}/search. Viewers may search. */
export async function searchAction(runId: string, query: string): Promise<ActionResult<SearchResults>> {
  try {
    const id = z.uuid().parse(runId);
    const input = parseInput(searchSchema, { query, k: 5 });
    const user = await requireUser();
    return { ok: true, message: 'Searched.', data: await searchRun(user, id, input) };
  } catch (error) {
    return actionError(error);
  }
}

export type TrainingChoices = {
  openai: { reason: string | null; model: string | null };
  /** Why the external trainer cannot train with each embedder (null: it can). */
  remote: Record<'builtin' | 'openai', string | null>;
};

/** What the Train dialog may offer on this server (asked when it opens: the external trainer is called). */
export async function trainingChoicesAction(): Promise<TrainingChoices> {
  await requireUser();
  const reason = openaiEmbedderUnavailable();
  const [builtin, openai] = await Promise.all([
    trainerUnavailable({ trainer: 'remote', embedder: 'builtin' }),
    reason ? Promise.resolve(reason) : trainerUnavailable({ trainer: 'remote', embedder: 'openai' }),
  ]);
  return { openai: { reason, model: env().RECALL_EMBEDDING_MODEL ?? null }, remote: { builtin, openai } };
}

export type TrainState = (ActionResult<{ runId: string }> & { values?: Record<string, string> }) | null;

/** The Train dialog: embedder, model, trainer and epochs, validated on the server with field errors. */
export async function trainAction(_previous: TrainState, formInput: FormData): Promise<TrainState> {
  let values: Record<string, string> = {};
  try {
    const form = formDataOf(formInput);
    values = Object.fromEntries(['run_id', 'embedder', 'model', 'trainer', 'epochs'].map((key) => [key, textField(form, key)]));
    const runId = z.uuid().parse(values.run_id);
    const epochs = values.epochs?.trim() ? Number(values.epochs) : undefined;
    const options = {
      embedder: values.embedder || undefined,
      trainer: values.trainer || undefined,
      ...(values.model?.trim() ? { model: values.model } : {}),
      ...(epochs === undefined ? {} : { epochs }),
    };
    const user = await requireUser();
    await trainRun(user, runId, parseInput(trainingOptionsSchema, options));
    revalidatePath('/');
    revalidatePath(`/runs/${runId}`);
    return { ok: true, message: 'Training started.', data: { runId }, values };
  } catch (error) {
    return { ...actionError(error), values };
  }
}
