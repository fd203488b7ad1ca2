import 'server-only';
import type { Sql } from 'postgres';
import { pruneEmbeddingCache } from '@/lib/embeddings/cache';
import { EmbeddingError } from '@/lib/embeddings/openai';
import { env } from '@/lib/env';
import { compareRetrievalSets, embedQueries, type Comparison } from '@/lib/evaluation/evaluate';
import { parameterCount, type Adapter } from '@/lib/training/adapter';
import type { TrainerOutcome } from '@/lib/training/local-trainer';
import { trainingOptionsSchema, type TrainingOptions } from '@/lib/training/options';
import { prepareTraining, type Prepared, type Stage } from '@/lib/training/prepare';
import { fnv1a } from '@/lib/training/random';
import { verdictOf, type ComparisonReport, type TrainingReport } from '@/lib/training/report';
import { embedderFor, trainerFor } from '@/lib/training/select';
import { trainerUnavailable } from '@/lib/training/remote/availability';
import { TrainerError } from '@/lib/training/remote/client';
import { TRAINING } from '@/lib/training/settings';
import { loadCheckpoint, saveAdapter, saveCheckpoint } from '@/lib/training/store';
import { WORKER } from '../events';
import { lineageOf } from '../lineage';
import { NOW, transition } from '../transition';

/**
 * The training phase of a run, inside its coordinator job: prepares the held-out split and
 * the data, lets the run's trainer fit an adapter (checkpointed, so a cancel, a crash or a
 * deploy resumes where it stopped), then measures base, adapted and BM25 retrieval of the
 * test chunks' questions against the whole corpus. Every write is conditional on the run
 * still training in this epoch: nothing lands after cancel.
 */
export async function runTrainingPhase(sql: Sql, runId: string, epoch: number, signal: AbortSignal): Promise<void> {
  try {
    const [run] = await sql<{ corpus_id: string; training_options: unknown }[]>`select corpus_id, training_options from public.runs where id = ${runId}`;
    if (!run) return;
    const options = trainingOptionsSchema.parse(run.training_options ?? {});
    const lineage = await lineageOf(sql, runId);
    const stage = async (name: Stage, extra: Record<string, unknown> = {}) => {
      await sql`update public.runs set training_progress = ${sql.json({ stage: name, ...extra })}, heartbeat_at = now()
                where id = ${runId} and status = 'training' and epoch = ${epoch}`;
    };
    const prepared = await prepareTraining(sql, {
      corpusId: run.corpus_id,
      runId,
      lineage,
      // The lineage's first run: a chunk keeps its split in every training of the lineage.
      seed: lineage.at(-1)!,
      choice: embedderFor(sql, options, signal),
      signal,
      stage,
    });
    if (prepared.counts.train_pairs + prepared.counts.validation_queries + prepared.counts.test_queries === 0) {
      return await fail(sql, runId, epoch, 'no_training_pairs', 'No pairs to train on: every pair of the lineage was rejected or removed.');
    }
    const space = prepared.embedder.space;
    const resume = await loadCheckpoint(sql, runId, space);
    if (resume) await recordResume(sql, runId, epoch);
    await stage('training');
    const outcome = await trainOrSkip(sql, runId, epoch, options, prepared, resume, signal);
    if (!outcome) return;
    await stage('evaluating');
    // Held-out generated questions and the corpus's own questions, in one pass over the corpus.
    const [testComparison, questionsComparison] = await compareRetrievalSets({
      corpus: prepared.snapshot.corpus,
      sets: [
        { queries: prepared.test, queryVectors: await embedQueries(prepared.embedder, prepared.test.texts, signal) },
        { queries: prepared.questions, queryVectors: await embedQueries(prepared.embedder, prepared.questions.texts, signal) },
      ],
      adapter: outcome.adapter,
      bm25: prepared.bm25,
      vectors: prepared.vectors,
      signal,
    });
    const test = testComparison!.queries ? toReport(testComparison!) : null;
    const questions = questionsComparison!.queries ? toReport(questionsComparison!) : null;
    const report: TrainingReport = {
      version: 2,
      embedder: { provider: space.provider, model: space.model, dim: space.dim },
      trainer: options.trainer,
      corpus_chunks: prepared.snapshot.chunks.length,
      split: prepared.counts,
      adapter: { form: outcome.adapter.form, rank: outcome.adapter.rank, parameters: parameterCount(outcome.adapter.dim, outcome.adapter.rank, outcome.adapter.form) },
      validation: { identity: outcome.identityScore, best: outcome.bestScore, candidates: outcome.candidates },
      steps: outcome.steps,
      hard_negatives: prepared.data.train.some((example) => example.negatives.length > 0),
      curve: thin(outcome.curve, 100),
      test,
      questions,
      // The corpus's own questions, when it has them, are what a user cares about most.
      verdict: outcome.steps === 0 ? 'not_measured' : verdictOf(outcome.improved, questions ?? test),
    };
    await complete(sql, runId, epoch, prepared, outcome.adapter, outcome.steps, report);
    if (prepared.embedder.cacheable) await pruneEmbeddingCache(sql, env().RECALL_EMBEDDING_CACHE_MAX_ROWS);
  } catch (error) {
    if (signal.aborted) return;
    if (error instanceof TrainerError) {
      return await fail(sql, runId, epoch, error.code, `${error.message} Proceed to try again${error.code === 'trainer_forgot' ? '' : ' (a submitted job is polled again, not submitted twice)'}.`);
    }
    if (error instanceof EmbeddingError) {
      // The provider's answer, credentials redacted: what the admin needs to fix the configuration.
      return await fail(sql, runId, epoch, error.code, `Embedding failed: ${error.message}. Proceed to try again.`);
    }
    // The details go to the worker's log; the run (which the API shows) says what to do.
    console.error('[engine] training failed', error);
    await fail(sql, runId, epoch, 'training_error', 'Training stopped on an internal error (details in the worker log). Proceed to resume from the last checkpoint.');
  }
}

/** Trains, unless there is nothing to validate on: then the identity adapter is kept (no evidence for any other). */
async function trainOrSkip(sql: Sql, runId: string, epoch: number, options: TrainingOptions, prepared: Prepared, resume: Buffer | null, signal: AbortSignal): Promise<TrainerOutcome | null> {
  const { data } = prepared;
  if (data.train.length < TRAINING.minTrainPairs || data.validation.length < TRAINING.minValidationQueries) {
    return { adapter: { form: 'identity', dim: data.dim, rank: 0, params: new Float32Array(0) }, improved: false, identityScore: 0, bestScore: 0, candidates: [], curve: [], steps: 0 };
  }
  const space = prepared.embedder.space;
  if (options.trainer === 'remote') {
    const reason = await trainerUnavailable(options, space);
    if (reason) throw new TrainerError('trainer_unreachable', reason);
  }
  return trainerFor(options).train({
    runId,
    seed: fnv1a(runId),
    prepared,
    resume,
    signal,
    epochs: options.epochs,
    jobs: {
      get: async () => (await sql<{ training_remote_job: string | null }[]>`select training_remote_job from public.runs where id = ${runId}`)[0]?.training_remote_job ?? null,
      set: async (id) =>
        (await sql`update public.runs set training_remote_job = ${id} where id = ${runId} and status = 'training' and epoch = ${epoch} returning id`).length > 0,
    },
    // runs.training_steps_done counts checkpointed steps (what a resume continues from); the
    // live step count, loss and form go to training_progress at every tick.
    progress: async (progress, checkpoint) =>
      (await sql.begin(async (tx) => {
        const live = tx.json({ stage: 'training', steps: progress.stepsDone, loss: progress.loss, form: progress.form });
        const alive = checkpoint
          ? await tx`
              update public.runs set heartbeat_at = now(), training_steps_done = ${progress.stepsDone}, training_steps_total = ${progress.stepsTotal}, training_progress = ${live}
              where id = ${runId} and status = 'training' and epoch = ${epoch} returning id`
          : await tx`
              update public.runs set heartbeat_at = now(), training_steps_total = ${progress.stepsTotal}, training_progress = ${live}
              where id = ${runId} and status = 'training' and epoch = ${epoch} returning id`;
        if (alive.length === 0) return false;
        if (checkpoint) await saveCheckpoint(tx, runId, space, checkpoint, progress.stepsDone);
        return true;
      })) as boolean,
  });
}

const toReport = (comparison: Comparison): ComparisonReport => ({
  queries: comparison.queries,
  base: comparison.base,
  adapted: comparison.adapted,
  bm25: comparison.bm25,
  gain: comparison.gain,
  versus_bm25: comparison.versusBm25,
});

const thin = <T>(points: T[], max: number): T[] => (points.length <= max ? points : points.filter((_, i) => i % Math.ceil(points.length / max) === 0 || i === points.length - 1));

async function recordResume(sql: Sql, runId: string, epoch: number) {
  await sql`insert into public.run_events (run_id, workspace_id, actor, from_status, to_status, message)
            select id, workspace_id, 'worker', status, status, 'Training resumed from its checkpoint'
            from public.runs where id = ${runId} and status = 'training' and epoch = ${epoch}`;
}

async function complete(sql: Sql, runId: string, epoch: number, prepared: Prepared, adapter: Adapter, steps: number, report: TrainingReport) {
  await sql.begin(async (tx) => {
    const [current] = await tx<{ status: string; epoch: number }[]>`select status, epoch from public.runs where id = ${runId} for update`;
    if (current?.status !== 'training' || current.epoch !== epoch) return;
    await saveAdapter(tx, runId, prepared.embedder.space, prepared.spaceData, adapter, steps);
    await transition(tx, runId, {
      from: ['training'],
      to: 'completed',
      actor: WORKER,
      message: completionMessage(report),
      set: {
        metrics: tx.json(report),
        training_steps_done: steps,
        training_progress: null,
        training_remote_job: null,
        stop_reason: adapter.form === 'identity' ? 'no_improvement' : 'target_reached',
        finished_at: NOW,
      },
    });
  });
}

function completionMessage(report: TrainingReport): string {
  const measured = report.questions ?? report.test;
  const on = report.questions ? 'of the corpus’s own questions' : 'held-out questions';
  const gain = measured?.gain.mrr_at_10;
  const points = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}`;
  switch (report.verdict) {
    case 'no_improvement':
      return 'No adapter beat the embedder on validation: kept none (no improvement)';
    case 'not_measured':
      return 'Trained; too few held-out chunks to measure the result';
    case 'improved':
      return `Improved retrieval: MRR@10 ${points(gain!.mean)} points on ${measured!.queries} ${on} (95 % CI ${points(gain!.low)} to ${points(gain!.high)})`;
    case 'worse':
      return `Worse on ${on}: MRR@10 ${points(gain!.mean)} points (95 % CI ${points(gain!.low)} to ${points(gain!.high)})`;
    case 'not_significant':
      return `No significant change on ${on}: MRR@10 ${points(gain!.mean)} points (95 % CI ${points(gain!.low)} to ${points(gain!.high)})`;
  }
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
