import 'server-only';
import type { Sql } from 'postgres';
import { createAdapter, fromBytes, toBytes, type Adapter } from '@/lib/training/adapter';
import { trainingStep } from '@/lib/training/batches';
import { loadDataset, lineageOf } from '@/lib/training/dataset';
import type { Embedder } from '@/lib/training/embedder';
import { evaluateRetrieval } from '@/lib/training/evaluate';
import { fnv1a } from '@/lib/training/random';
import { embedderFor } from '@/lib/training/select';
import { TRAINING } from '@/lib/training/settings';
import { transition, WORKER } from '../lifecycle/transition';

/**
 * The training phase of a run, inside its coordinator job: trains the retrieval adapter on
 * the lineage's pairs, checkpointing weights and optimiser state with the step count, so a
 * cancel, a crash or a deploy resumes from the last checkpoint (the steps are seeded by run
 * and step number, so a resumed training takes exactly the steps it would have). Every
 * write is conditional on the run still training in this epoch: nothing lands after cancel.
 */
export async function runTrainingPhase(sql: Sql, runId: string, epoch: number, signal: AbortSignal): Promise<void> {
  const embedder = embedderFor();
  try {
    const data = await loadDataset(sql, await lineageOf(sql, runId), embedder, signal);
    if (data.train.length === 0) {
      return await fail(sql, runId, epoch, 'no_training_pairs', 'No pairs to train on: every pair of the lineage was rejected or removed.');
    }
    const adapter = (await loadCheckpoint(sql, runId, embedder)) ?? createAdapter(embedder.dim);
    if (adapter.steps > 0) {
      await sql`insert into public.run_events (run_id, workspace_id, actor, from_status, to_status, message)
                select id, workspace_id, 'worker', status, status, ${`Training resumed from its checkpoint at step ${adapter.steps}`}
                from public.runs where id = ${runId} and status = 'training' and epoch = ${epoch}`;
    }
    const total = Math.min(TRAINING.maxSteps, Math.max(TRAINING.minSteps, Math.ceil((TRAINING.epochs * data.train.length) / TRAINING.batchSize)));
    if (!(await saveProgress(sql, runId, epoch, adapter, embedder, total))) return;
    let lastTick = Date.now();
    let lastCheckpoint = { at: Date.now(), steps: adapter.steps };
    let loss = 0;
    while (adapter.steps < total) {
      if (signal.aborted) return; // released: the next coordinator resumes from the checkpoint
      loss = trainingStep(adapter, data, fnv1a(runId));
      if (Date.now() - lastTick >= TRAINING.tickMs || adapter.steps === total) {
        lastTick = Date.now();
        const checkpoint = adapter.steps - lastCheckpoint.steps >= TRAINING.checkpointEverySteps || Date.now() - lastCheckpoint.at >= TRAINING.checkpointEveryMs;
        if (checkpoint) lastCheckpoint = { at: Date.now(), steps: adapter.steps };
        if (!(await (checkpoint ? saveProgress(sql, runId, epoch, adapter, embedder, total) : heartbeat(sql, runId, epoch)))) return;
      }
      // One step takes milliseconds; yielding keeps a web server in the same process responsive.
      await new Promise((resolve) => setImmediate(resolve));
    }
    const baseline = await evaluateRetrieval(data.eval, data.candidates);
    const adapted = await evaluateRetrieval(data.eval, data.candidates, adapter);
    const metrics = {
      embedder: embedder.name,
      pairs: data.pairs,
      train_pairs: data.train.length,
      eval_queries: data.eval.length,
      candidates: data.candidates.length,
      steps: adapter.steps,
      final_loss: Math.round(loss * 10_000) / 10_000,
      baseline,
      adapted,
    };
    await sql.begin(async (tx) => {
      const [run] = await tx<{ status: string; epoch: number }[]>`select status, epoch from public.runs where id = ${runId} for update`;
      if (run?.status !== 'training' || run.epoch !== epoch) return;
      await writeAdapter(tx as unknown as Sql, runId, adapter, embedder, false);
      const gain = Math.round((adapted.recall_at_1 - baseline.recall_at_1) * 1000) / 10;
      await transition(tx, runId, {
        from: ['training'],
        to: 'completed',
        actor: WORKER,
        message: `Trained ${adapter.steps} steps on ${data.train.length} pairs; recall@1 ${gain >= 0 ? '+' : ''}${gain} points`,
        set: { metrics: tx.json(metrics), training_steps_done: adapter.steps, stop_reason: 'target_reached', finished_at: new Date() },
      });
    });
  } catch (error) {
    if (signal.aborted) return;
    // The details go to the worker's log; the run (which the API shows) says what to do.
    console.error('[engine] training failed', error);
    await fail(sql, runId, epoch, 'training_error', 'Training stopped on an internal error (details in the worker log). Proceed to resume from the last checkpoint.');
  }
}

async function loadCheckpoint(sql: Sql, runId: string, embedder: Embedder): Promise<Adapter | null> {
  const [row] = await sql<{ dim: number; steps_done: number; weights: Uint8Array; optimizer: Uint8Array | null }[]>`
    select dim, steps_done, weights, optimizer from public.adapters where run_id = ${runId} and embedder = ${embedder.name}`;
  if (!row || row.dim !== embedder.dim || !row.optimizer) return null;
  const size = row.dim * row.dim;
  const moments = fromBytes(row.optimizer, 2 * size);
  return { dim: row.dim, weights: fromBytes(row.weights, size), m: moments.slice(0, size), v: moments.slice(size), steps: row.steps_done };
}

async function writeAdapter(sql: Sql, runId: string, adapter: Adapter, embedder: Embedder, withOptimizer: boolean) {
  let optimizer: Buffer | null = null;
  if (withOptimizer) {
    const moments = new Float32Array(adapter.m.length * 2);
    moments.set(adapter.m);
    moments.set(adapter.v, adapter.m.length);
    optimizer = toBytes(moments);
  }
  await sql`
    insert into public.adapters (run_id, workspace_id, embedder, dim, steps_done, weights, optimizer)
    select id, workspace_id, ${embedder.name}, ${adapter.dim}, ${adapter.steps}, ${toBytes(adapter.weights)}, ${optimizer}
    from public.runs where id = ${runId}
    on conflict (run_id) do update set embedder = excluded.embedder, dim = excluded.dim, steps_done = excluded.steps_done,
      weights = excluded.weights, optimizer = excluded.optimizer`;
}

/** Checkpoint and progress in one transaction, only while the run is still training in this epoch. */
async function saveProgress(sql: Sql, runId: string, epoch: number, adapter: Adapter, embedder: Embedder, total: number): Promise<boolean> {
  return (await sql.begin(async (tx) => {
    const alive = await tx`
      update public.runs set heartbeat_at = now(), training_steps_done = ${adapter.steps}, training_steps_total = ${total}
      where id = ${runId} and status = 'training' and epoch = ${epoch} returning id`;
    if (alive.length === 0) return false;
    await writeAdapter(tx as unknown as Sql, runId, adapter, embedder, true);
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
      set: { error_phase: 'training', error_code: code, error_message: message, finished_at: new Date() },
    });
  });
}
