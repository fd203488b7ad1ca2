import 'server-only';
import type { SessionUser } from '@/lib/auth/claims';
import { withRls } from '@/lib/db/rls';

export type WorkerHealth = { alive: number; last_seen_at: Date | null };

/** Worker processes seen in the last 15 seconds, and the latest heartbeat of any. */
export async function getWorkerHealth(user: SessionUser): Promise<WorkerHealth> {
  const [row] = await withRls(user.claims, (tx) => tx<WorkerHealth[]>`select alive, last_seen_at from private.worker_health()`);
  return row ?? { alive: 0, last_seen_at: null };
}
