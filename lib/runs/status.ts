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

/** Whether `status` is one of `group` (a type guard, so the group's narrower type follows). */
export const isIn = <T extends RunStatus>(group: readonly T[], status: RunStatus): status is T => (group as readonly RunStatus[]).includes(status);
export const isActive = (status: RunStatus) => isIn(ACTIVE, status);

/** A status as messages name it: the badge's label, quoted (“Awaiting review”). */
export const statusName = (status: RunStatus) => `“${STATUS_LABELS[status]}”`;

export type Phase = 'generating' | 'training';
export const phaseOf = (status: Extract<RunStatus, 'generating_failed' | 'training_failed'>): Phase =>
  status === 'generating_failed' ? 'generating' : 'training';

export const STOP_REASONS = ['target_reached', 'cancelled', 'provider_failing', 'too_many_failed_chunks', 'corpus_changed', 'worker_lost', 'no_improvement'] as const;
export type StopReason = (typeof STOP_REASONS)[number];

export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${String(value)}`);
}
