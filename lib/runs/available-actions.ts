import { AppError, type ErrorCode } from '@/lib/errors';
import { ACTIVE, CONTINUABLE, isIn, PROCEEDABLE, REMOVABLE, statusName, type RunStatus } from './status';

/**
 * What a run allows, decided in one place: the dashboard's buttons, the lifecycle's checks
 * (inside the transaction that holds the run's row) and the API's 409 messages all read it.
 */
export const RUN_ACTIONS = ['force-start', 'refresh', 'proceed', 'review', 'bulk-review', 'retry-failed', 'train', 'continue', 'cancel', 'remove'] as const;
export type RunAction = (typeof RUN_ACTIONS)[number];

/** The facts of a run the rules read (a RunRow, a RunView and a ClientRun all have them). */
export type RunFacts = {
  status: RunStatus;
  failed_chunks: number;
  created_at: Date | string;
  continued_at: Date | string | null;
  child_run_id: string | null;
};

/** Facts beyond the run's row. Unknown (undefined) means the rule does not decide on it. */
export type RunContext = {
  /** When the run's corpus last got a chunk: Continue needs something the lineage has not covered. */
  newestChunkAt?: Date | string | null;
};

export type Verdict =
  | { allowed: true }
  | {
      allowed: false;
      code: Extract<ErrorCode, 'invalid_state' | 'already_continued' | 'has_continuations' | 'nothing_to_do'>;
      reason: string;
      /** The status allows the action in general, so the UI shows it disabled with the reason rather than hiding it. */
      disabled?: true;
    };

const ALLOWED: Verdict = { allowed: true };
const VERBS: Record<RunAction, string> = {
  'force-start': 'start',
  refresh: 'refresh',
  proceed: 'proceed',
  review: 'review the pairs of',
  'bulk-review': 'decide in bulk on the pairs of',
  'retry-failed': 'retry the failed chunks of',
  train: 'train',
  continue: 'continue',
  cancel: 'cancel',
  remove: 'remove',
};

export const NOTHING_TO_CONTINUE = 'Nothing new to cover: add documents to the corpus first.';

const wrongStatus = (action: RunAction, run: RunFacts, hint = ''): Verdict => ({
  allowed: false,
  code: 'invalid_state',
  reason: `Cannot ${VERBS[action]} a run that is ${statusName(run.status)}.${hint}`,
});
const time = (value: Date | string) => new Date(value).getTime();

/** The verdict on one action. */
export function verdictOn(action: RunAction, run: RunFacts, context: RunContext = {}): Verdict {
  const continued = run.continued_at !== null;
  switch (action) {
    case 'force-start':
      return run.status === 'queued' ? ALLOWED : wrongStatus(action, run);
    case 'refresh':
      return run.status === 'generating' || run.status === 'training' ? ALLOWED : wrongStatus(action, run);
    case 'proceed':
      return isIn(PROCEEDABLE, run.status) ? ALLOWED : wrongStatus(action, run, ' Only failed or cancelled runs can be proceeded.');
    case 'review':
      // What is trained on is what was reviewed: review is closed while training reads the pairs.
      return run.status === 'training' ? { allowed: false, code: 'invalid_state', reason: 'Pairs cannot be reviewed while the run is training.' } : ALLOWED;
    case 'bulk-review':
      // A filter names a set of pairs; while the run generates (or is about to) that set is still
      // growing, so the count confirmed would not be the count decided.
      return isIn(ACTIVE, run.status)
        ? { allowed: false, code: 'invalid_state', reason: `Bulk decisions wait until the run stops ${run.status === 'training' ? 'training' : 'generating'}: the pairs matching a filter are still changing.` }
        : ALLOWED;
    case 'retry-failed':
      if (run.status !== 'generated') return wrongStatus(action, run);
      if (continued) return { allowed: false, code: 'already_continued', reason: 'This run has been continued: its failed chunks are part of the continuation.' };
      if (run.failed_chunks === 0) return { allowed: false, code: 'nothing_to_do', reason: 'This run has no failed chunks.' };
      return ALLOWED;
    case 'train':
      if (run.status !== 'generated') return wrongStatus(action, run);
      if (continued) {
        return { allowed: false, code: 'already_continued', reason: 'This run has been continued: train the latest run of its lineage, which trains on the whole lineage.' };
      }
      return ALLOWED;
    case 'continue': {
      if (!isIn(CONTINUABLE, run.status)) return wrongStatus(action, run, ' Only runs awaiting review or completed can be continued.');
      if (continued) return { allowed: false, code: 'already_continued', reason: 'This run has already been continued.' };
      // A continuation covers chunks added since the run began and chunks that failed in it.
      const { newestChunkAt } = context;
      if (newestChunkAt === undefined || run.failed_chunks > 0) return ALLOWED;
      return newestChunkAt !== null && time(newestChunkAt) > time(run.created_at)
        ? ALLOWED
        : { allowed: false, code: 'nothing_to_do', reason: NOTHING_TO_CONTINUE, disabled: true };
    }
    case 'cancel':
      return isIn(ACTIVE, run.status) ? ALLOWED : wrongStatus(action, run);
    case 'remove':
      if (!isIn(REMOVABLE, run.status)) {
        return wrongStatus(action, run, isIn(ACTIVE, run.status) ? ' Cancel it first.' : '');
      }
      if (run.child_run_id) return { allowed: false, code: 'has_continuations', reason: 'Other runs continue this one: remove them first.' };
      return ALLOWED;
  }
}

/** Every action's verdict. */
export function availableActions(run: RunFacts, context: RunContext = {}): Record<RunAction, Verdict> {
  return Object.fromEntries(RUN_ACTIONS.map((action) => [action, verdictOn(action, run, context)])) as Record<RunAction, Verdict>;
}

/** The server's check: throws the verdict's refusal (409 or 422, with the run's status) unless the action is allowed. */
export function assertAllowed(action: RunAction, run: RunFacts, context: RunContext = {}): void {
  const verdict = verdictOn(action, run, context);
  if (!verdict.allowed) throw refusal(verdict, run);
}

export function refusal(verdict: Extract<Verdict, { allowed: false }>, run: Pick<RunFacts, 'status'> & { child_run_id?: string | null }): AppError {
  const fields: Record<string, unknown> = { status: run.status };
  if (verdict.code === 'already_continued' && run.child_run_id) fields.child_run_id = run.child_run_id;
  return new AppError(verdict.code, verdict.reason, { fields });
}

/**
 * What keeps a corpus from starting another run: an unfinished run that is its lineage's
 * head (a continued run hands that to its continuation). The same condition is the
 * predicate of the partial unique index runs_one_unfinished_per_corpus (see BLOCKING_RUN_SQL).
 */
export const blocksCorpus = (run: Pick<RunFacts, 'status' | 'continued_at'>) => run.status !== 'completed' && run.continued_at === null;
