import 'server-only';
import type { TransactionSql } from 'postgres';
import { AppError } from '@/lib/errors';
import { refusal, verdictOn, type RunAction, type RunContext, type Verdict } from './available-actions';
import { recordEvent, type Actor } from './events';
import { RUN_COLUMNS, type RunRow } from './run-row';
import type { RunStatus } from './status';

/**
 * A column value meaning "the statement's clock": times a transition stamps (started_at,
 * finished_at…) then agree with the working time it measures, to the microsecond.
 */
export const NOW = Symbol('clock_timestamp()');

export type TransitionResult =
  | { changed: true; run: RunRow; from: RunStatus }
  | { changed: false; run: RunRow; refused: Extract<Verdict, { allowed: false }> | null };

/**
 * Compare-and-set on runs.status: locks the row, moves it to `to` only when the run allows
 * it — a user's `action` (availableActions decides), or the worker's move `from` given
 * statuses — applies `set` (column → SQL-safe value), and records the event, all in the
 * caller's transaction. Two concurrent transitions serialise on the row lock; the loser
 * sees the winner's status and changes nothing.
 */
export async function transition(
  tx: TransactionSql,
  runId: string,
  options: ({ from: readonly RunStatus[] } | { action: RunAction; context?: RunContext }) & {
    to: RunStatus | ((current: RunRow) => RunStatus);
    actor: Actor;
    message?: string;
    set?: Record<string, unknown> | ((current: RunRow) => Record<string, unknown>);
  },
): Promise<TransitionResult> {
  const current = await lockRun(tx, runId);
  if ('action' in options) {
    const verdict = verdictOn(options.action, current, options.context);
    if (!verdict.allowed) return { changed: false, run: current, refused: verdict };
  } else if (!options.from.includes(current.status)) {
    return { changed: false, run: current, refused: null };
  }
  const extra = typeof options.set === 'function' ? options.set(current) : options.set;
  const to = typeof options.to === 'function' ? options.to(current) : options.to;
  const entries = Object.entries({ ...extra, status: to } as Record<string, unknown>);
  const set = Object.fromEntries(entries.filter(([, value]) => value !== NOW));
  const stamped = entries.filter(([column, value]) => value === NOW && /^[a-z_]+$/.test(column)).map(([column]) => `, ${column} = clock_timestamp()`);
  // Working time: a phase that ends adds its span; entering generating or training starts one.
  const [run] = await tx<RunRow[]>`
    update public.runs set ${tx(set)}${tx.unsafe(stamped.join(''))},
      active_ms = active_ms + case when phase_started_at is null then 0
                                   else greatest(0, extract(epoch from clock_timestamp() - phase_started_at) * 1000)::bigint end,
      phase_started_at = case when ${to === 'generating' || to === 'training'} then clock_timestamp() end
    where id = ${runId} returning ${tx.unsafe(RUN_COLUMNS)}`;
  await recordEvent(tx, runId, { actor: options.actor, from: current.status, to, message: options.message ?? null });
  return { changed: true, run: run!, from: current.status };
}

/** The run's row, locked for the rest of the transaction (404 when it is not there or not visible). */
export async function lockRun(tx: TransactionSql, runId: string): Promise<RunRow> {
  const [current] = await tx<RunRow[]>`select ${tx.unsafe(RUN_COLUMNS)} from public.runs where id = ${runId} for update`;
  if (!current) throw new AppError('not_found', 'Run not found.');
  return current;
}

/** A user's transition that did not happen: the refusal availableActions gave, as the 409/422 the API answers. */
export function refusedError(result: Extract<TransitionResult, { changed: false }>): AppError {
  if (result.refused) return refusal(result.refused, result.run);
  return new AppError('invalid_state', 'The run moved on before the change could be made.', { fields: { status: result.run.status } });
}
