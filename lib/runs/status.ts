/**
 * The run status machine: the one list of statuses (also in the SQL check constraint of
 * public.runs.status), their groups, and the predicates every entry point asks.
 */
export const RUN_STATUSES = [
  'queued',
  'generating',
  'generated',
  'training',
  'completed',
  'generating_failed',
  'training_failed',
  'cancelled',
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** What people call each status (the dashboard's badges, and messages that name a status). */
export const STATUS_LABELS = {
  queued: 'Queued',
  generating: 'Generating',
  generated: 'Awaiting review',
  training: 'Training',
  completed: 'Completed',
  generating_failed: 'Generation failed',
  training_failed: 'Training failed',
  cancelled: 'Cancelled',
} as const satisfies Record<RunStatus, string>;

export const FAILED = ['generating_failed', 'training_failed'] as const satisfies readonly RunStatus[];
/** Statuses a worker is (or should be) working on: these can be cancelled. */
export const ACTIVE = ['queued', 'generating', 'training'] as const satisfies readonly RunStatus[];
export const PROCEEDABLE = [...FAILED, 'cancelled'] as const satisfies readonly RunStatus[];
export const REMOVABLE = [...FAILED, 'cancelled', 'generated'] as const satisfies readonly RunStatus[];
export const CONTINUABLE = ['generated', 'completed'] as const satisfies readonly RunStatus[];

const has = <T extends RunStatus>(group: readonly T[]) => (status: RunStatus): status is T => (group as readonly RunStatus[]).includes(status);
export const isFailed = has(FAILED);
export const isActive = has(ACTIVE);
export const canProceed = has(PROCEEDABLE);
export const canRemove = has(REMOVABLE);
export const canCancel = has(ACTIVE);
export const canContinue = has(CONTINUABLE);
export const canRetryFailedChunks = (status: RunStatus, failedChunks: number) => status === 'generated' && failedChunks > 0;
export const canForceStart = (status: RunStatus) => status === 'queued';

export type Phase = 'generating' | 'training';
export const phaseOf = (status: Extract<RunStatus, 'generating_failed' | 'training_failed'>): Phase =>
  status === 'generating_failed' ? 'generating' : 'training';

export const STOP_REASONS = ['target_reached', 'cancelled', 'provider_failing', 'too_many_failed_chunks', 'corpus_changed', 'worker_lost'] as const;
export type StopReason = (typeof STOP_REASONS)[number];

export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${String(value)}`);
}
