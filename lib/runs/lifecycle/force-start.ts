import 'server-only';
import type { SessionUser } from '@/lib/auth/claims';
import { assertAllowed } from '../available-actions';
import { scheduleRun } from '../engine/schedule';
import { startWorker } from '../engine/worker';
import { actorOf, recordEvent } from '../events';
import type { RunRow } from '../run-row';
import { lockRun } from '../transition';
import { asRunAdmin } from './authorize';

/**
 * A queued run that no worker took: make sure its coordinator job exists and that this
 * process works on it now, even where background work is off.
 */
export async function forceStartRun(user: SessionUser, runId: string): Promise<RunRow> {
  const run = await asRunAdmin(user, runId, async (tx) => {
    const current = await lockRun(tx, runId);
    assertAllowed('force-start', current);
    await recordEvent(tx, runId, { actor: actorOf(user), message: 'Force-started' });
    return current;
  });
  await scheduleRun(runId);
  // Workers in this process (already running unless background work is off here).
  await startWorker();
  return run;
}
