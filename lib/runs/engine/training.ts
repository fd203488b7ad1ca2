import 'server-only';
import type { Sql } from 'postgres';
import type { Adapter } from '@/lib/training/adapter';
import { loadDataset } from '@/lib/training/dataset';
import type { Embedder } from '@/lib/training/embedder';
import { evaluateRetrieval } from '@/lib/training/evaluate';
import { embedderFor, trainerFor } from '@/lib/training/select';
import { loadCheckpoint, saveAdapter } from '@/lib/training/store';
import type { RunConfig } from '../config';
import { recordEvent, WORKER } from '../events';
import { lineageOf } from '../lineage';
import { NOW, transition } from '../transition';

/**
 * The training phase of a run, inside its coordinator job: trains the retrieval adapter on
 * the lineage's pairs with the run's trainer, checkpointing weights and optimiser state with
 * the step count, so a cancel, a crash or a deploy resumes from the last checkpoint. Every
 * write is conditional on the run still training in this epoch: nothing lands after cancel.
 */
export async function runTrainingPhase(sql: Sql, runId: string, epoch: number, signal: AbortSignal): Promise<void> {
  try {
    const [run] = await sql<{ config: RunConfig }[]>`select config from public.runs where id = ${runId}`;
    if (!run) return;
    const embedder = embedderFor(run.config);
    const trainer = trainerFor(run.config);
    const data = await loadDataset(sql, await lineageOf(sql, runId), embedder, signal);
    if (data.train.length === 0) {
      return await fail(sql, runId, epoch, 'no_training_pairs', 'No pairs to train on: every pair of the lineage was rejected or removed.');
    }
    const resumeFrom = await loadCheckpoint(sql, runId, embedder);
    if (resumeFrom && resumeFrom.steps > 0) {
      await recordEvent(sql, runId, { actor: WORKER, message: `Training resumed from its checkpoint at step ${resumeFrom.steps}`, when: { status: 'training', epoch } });
    }
    const result = await trainer.train({
      runId,
      data,
      dim: embedder.dim,
      resumeFrom,
      signal,
      progress: (adapter, total, { checkpoint }) => (checkpoint ? saveProgress(sql, runId, epoch, adapter, embedder, total) : heartbeat(sql, runId, epoch)),
    });
    if (!result) return;
    const { adapter, finalLoss } = result;
    const baseline = await evaluateRetrieval(data.eval, data.candidates);
    const adapted = await evaluateRetrieval(data.eval, data.candidates, adapter);
    const metrics = {
      embedder: embedder.name,
      pairs: data.pairs,
      train_pairs: data.train.length,
      eval_queries: data.eval.length,
      candidates: data.candidates.length,
      steps: adapter.steps,
      final_loss: Math.round(finalLoss * 10_000) / 10_000,
      baseline,
      adapted,
    };
    await sql.begin(async (tx) => {
      const [current] = await tx<{ status: string; epoch: number }[]>`select status, epoch from public.runs where id = ${runId} for update`;
      if (current?.status !== 'training' || current.epoch !== epoch) return;
      await saveAdapter(tx, runId, adapter, embedder, { checkpoint: false });
      const gain = Math.round((adapted.recall_at_1 - baseline.recall_at_1) * 1000) / 10;
      await transition(tx, runId, {
        from: ['training'],
        to: 'completed',
        actor: WORKER,
        message: `Trained ${adapter.steps} steps on ${data.train.length} pairs; recall@1 ${gain >= 0 ? '+' : ''}${gain} points`,
        set: { metrics: tx.json(metrics), training_steps_done: adapter.steps, stop_reason: 'target_reached', finished_at: NOW },
      });
    });
  } catch (error) {
    if (signal.aborted) return;
    // The details go to the worker's log; the run (which the API shows) says what to do.
    console.error('[engine] training failed', error);
    await fail(sql, runId, epoch, 'training_error', 'Training stopped on an internal error (details in the worker log). Proceed to resume from the last checkpoint.');
  }
}

/** Checkpoint and progress in one transaction, only while the run is still training in this epoch. */
async function saveProgress(sql: Sql, runId: string, epoch: number, adapter: Adapter, embedder: Embedder, total: number): Promise<boolean> {
  return (await sql.begin(async (tx) => {
    const alive = await tx`
      update public.runs set heartbeat_at = now(), training_steps_done = ${adapter.steps}, training_steps_total = ${total}
      where id = ${runId} and status = 'training' and epoch = ${epoch} returning id`;
    if (alive.length === 0) return false;
    await saveAdapter(tx, runId, adapter, embedder, { checkpoint: true });
    return true;
  })) as boolean;
}

async function heartbeat(sql: Sql, runId: string, epoch: number): Promise<boolean> {
  const alive = await sql`update public.runs set heartbeat_at = now() where id = ${runId} and status = 'training' and epoch = ${epoch} returning id`;
  return alive.length > 0;
}

async function fail(sql: Sql, runId: string, epoch: number, code: string, message: string) {
  await sql.begin(async (tx) => {
    const [run] = await tx<{ status: string; epoch: number }[]>`select status, epoch from public.runs where id = ${runId} for update`;
    if (run?.status !== 'training' || run.epoch !== epoch) return;
    await transition(tx, runId, {
      from: ['training'],
      to: 'training_failed',
      actor: WORKER,
      message,
      set: { error_phase: 'training', error_code: code, error_message: message, finished_at: NOW },
    });
  });
}
