import 'server-only';
import type { SessionUser } from '@/lib/auth/claims';
import { AppError } from '@/lib/errors';
import { scheduleRun } from '../engine/schedule';
import { startWorker } from '../engine/worker';
import { RUN_COLUMNS, type RunRow } from '../run-row';
import { asRunAdmin } from './authorize';
import { actorOf } from './start-run';
import { wrongState } from './transition';

/**
 * A queued run that no worker took: make sure its coordinator job exists and that this
 * process works on it now, even where background work is off.
 */
export async function forceStartRun(user: SessionUser, runId: string): Promise<RunRow> {
  const run = await asRunAdmin(user, runId, async (tx) => {
    const [current] = await tx<RunRow[]>`select ${tx.unsafe(RUN_COLUMNS)} from public.runs where id = ${runId} for update`;
    if (!current) throw new AppError('not_found', 'Run not found.');
    if (current.status !== 'queued') throw wrongState('force-start', current);
    const actor = actorOf(user);
    await tx`insert into public.run_events (run_id, workspace_id, actor_id, actor, from_status, to_status, message)
             values (${runId}, ${current.workspace_id}, ${actor.id}, ${actor.label}, 'queued', 'queued', 'Force-started')`;
    return current;
  });
  await scheduleRun(runId);
  // Workers in this process (already running unless background work is off here).
  await startWorker();
  return run;
}
