import type { RunConfig } from './config';
import type { TrainingReport } from '@/lib/training/report';
import type { RunStatus, StopReason } from './status';

/**
 * What training reported: version 2 (held out by chunk, whole corpus, BM25 baseline, CIs), or
 * the shape an earlier Recall stored (kept readable; the dashboard says to retrain).
 */
export type RunMetrics = TrainingReport | LegacyMetrics;
export type LegacyMetrics = { embedder: string; pairs: number; eval_queries: number; baseline: Record<string, number>; adapted: Record<string, number> };

/** A run as the API returns it (GET /api/runs/{id}). */
export type RunView = {
  id: string;
  corpus_id: string;
  workspace_id: string;
  status: RunStatus;
  parent_run_id: string | null;
  config: RunConfig;
  total_chunks: number;
  processed_chunks: number;
  failed_chunks: number;
  pair_count: number;
  error: { code: string | null; message: string | null; phase: 'generating' | 'training' } | null;
  stop_reason: StopReason | null;
  /**
   * Training progress, null before training starts: steps done of the total (live), the steps
   * a resume would continue from (checkpointed), the stage, and the last loss.
   */
  training: {
    steps_done: number;
    steps_total: number | null;
    checkpointed_steps: number;
    stage: 'preparing' | 'mining' | 'training' | 'evaluating' | null;
    loss: number | null;
  } | null;
  /** Time spent generating or training in phases that ended, in ms; the current phase adds now − phase_started_at. */
  active_ms: number;
  /** When the current generating or training phase began (null in other statuses). */
  phase_started_at: Date | null;
  /** The continuation of this run, if it has one. */
  child_run_id: string | null;
  /** Set once the run was continued: its lineage moved on to the child (which then blocks the corpus). */
  continued_at: Date | null;
  /** How much retrieval improved, once training completed. */
  metrics: RunMetrics | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  updated_at: Date;
};

/** The columns RunView is built from; every query that returns runs selects these. */
export const RUN_COLUMNS = `id, corpus_id, workspace_id, status, parent_run_id, config, total_chunks, processed_chunks,
  failed_chunks, pair_count, error_code, error_message, error_phase, stop_reason, created_at, started_at, finished_at, updated_at,
  epoch, cancelled_from, training_steps_done, training_steps_total, training_progress, metrics, continued_at, active_ms::float8 as active_ms, phase_started_at,
  (select c.id from public.runs c where c.parent_run_id = runs.id order by c.created_at desc limit 1) as child_run_id`;

type TrainingProgress = { stage?: NonNullable<RunView['training']>['stage']; steps?: number; loss?: number | null } | null;

export type RunRow = Omit<RunView, 'error' | 'training'> & {
  training_steps_done: number | null;
  training_steps_total: number | null;
  training_progress: TrainingProgress;
  error_code: string | null;
  error_message: string | null;
  error_phase: 'generating' | 'training' | null;
  /** Internal: part of the run's job ids, bumped whenever it is rescheduled. */
  epoch: number;
  cancelled_from: RunStatus | null;
};

export function toRunView(row: RunRow): RunView {
  const { error_code, error_message, error_phase, epoch: _epoch, cancelled_from: _from, training_steps_done, training_steps_total, training_progress, ...rest } = row;
  // Live steps count while the run trains; once it stopped, what counts is what a resume continues from.
  const live = row.status === 'training' ? (training_progress?.steps ?? null) : null;
  return {
    ...rest,
    error: error_phase ? { code: error_code, message: error_message, phase: error_phase } : null,
    training:
      training_steps_done === null
        ? null
        : {
            steps_done: Math.max(live ?? 0, training_steps_done),
            steps_total: training_steps_total,
            checkpointed_steps: training_steps_done,
            stage: row.status === 'training' ? (training_progress?.stage ?? 'preparing') : null,
            loss: training_progress?.loss ?? null,
          },
  };
}
