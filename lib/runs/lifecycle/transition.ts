import 'server-only';
import type { TransactionSql } from 'postgres';
import { AppError } from '@/lib/errors';
import { RUN_COLUMNS, type RunRow } from '../run-row';
import type { RunStatus } from '../status';

export type Actor = { id: string | null; label: string };
export const WORKER: Actor = { id: null, label: 'worker' };

export type TransitionResult = { changed: true; run: RunRow; from: RunStatus } | { changed: false; run: RunRow };

/**
 * Compare-and-set on runs.status: locks the row, moves it to `to` only when its status is
 * one of `from`, applies `set` (column → SQL-safe value), and records the event — all in
 * the caller's transaction. Two concurrent transitions serialise on the row lock; the
 * loser sees the winner's status and changes nothing.
 */
export async function transition(
  tx: TransactionSql,
  runId: string,
  options: {
    from: readonly RunStatus[];
    to: RunStatus | ((current: RunRow) => RunStatus);
    actor: Actor;
    message?: string;
    set?: Record<string, unknown> | ((current: RunRow) => Record<string, unknown>);
  },
): Promise<TransitionResult> {
  const [current] = await tx<RunRow[]>`select ${tx.unsafe(RUN_COLUMNS)} from public.runs where id = ${runId} for update`;
  if (!current) throw new AppError('not_found', 'Run not found.');
  if (!options.from.includes(current.status)) return { changed: false, run: current };
  const extra = typeof options.set === 'function' ? options.set(current) : options.set;
  const to = typeof options.to === 'function' ? options.to(current) : options.to;
  const set = { ...extra, status: to };
  // Working time: a phase that ends adds its span; entering generating or training starts one.
  const [run] = await tx<RunRow[]>`
    update public.runs set ${tx(set)},
      active_ms = active_ms + case when phase_started_at is null then 0
                                   else greatest(0, extract(epoch from clock_timestamp() - phase_started_at) * 1000)::bigint end,
      phase_started_at = case when ${to === 'generating' || to === 'training'} then clock_timestamp() end
    where id = ${runId} returning ${tx.unsafe(RUN_COLUMNS)}`;
  await tx`
    insert into public.run_events (run_id, workspace_id, actor_id, actor, from_status, to_status, message)
    values (${runId}, ${current.workspace_id}, ${options.actor.id}, ${options.actor.label}, ${current.status}, ${to}, ${options.message ?? null})`;
  return { changed: true, run: run!, from: current.status };
}

/** The 409 every lifecycle action answers when the run is in the wrong state. */
export function wrongState(action: string, run: RunRow): AppError {
  return new AppError('invalid_state', `Cannot ${action} a run that is ${run.status.replace('_', ' ')}.`, {
    status: 409,
    fields: { status: run.status },
  });
}
