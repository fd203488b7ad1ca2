import 'server-only';
import type { Sql, TransactionSql } from 'postgres';
import type { SessionUser } from '@/lib/auth/claims';
import type { RunStatus } from './status';

/** Who made a change, as the run's timeline shows it. */
export type Actor = { id: string | null; label: string };
export const WORKER: Actor = { id: null, label: 'worker' };
export const actorOf = (user: SessionUser): Actor => ({ id: user.id, label: user.email || user.id });

/**
 * Writes one entry of a run's timeline (public.run_events, append-only). `from` and `to`
 * default to the run's current status (a note that changes no status); with `when`, the
 * entry is written only while the run is still in that status and epoch.
 */
export async function recordEvent(
  sql: Sql | TransactionSql,
  runId: string,
  entry: { actor: Actor; message: string | null; from?: RunStatus | null; to?: RunStatus; when?: { status: RunStatus; epoch: number } },
): Promise<void> {
  const from = entry.from === undefined ? null : entry.from;
  await sql`
    insert into public.run_events (run_id, workspace_id, actor_id, actor, from_status, to_status, message)
    select id, workspace_id, ${entry.actor.id}, ${entry.actor.label},
           ${entry.from === undefined ? sql`status` : sql`${from}`}, coalesce(${entry.to ?? null}, status), ${entry.message}
    from public.runs
    where id = ${runId} ${entry.when ? sql`and status = ${entry.when.status} and epoch = ${entry.when.epoch}` : sql``}`;
}
