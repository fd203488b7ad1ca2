import 'server-only';
import { trainerEndpoint } from './availability';
import { trainerRequest } from './client';

/** Asks the external trainer to drop a job; best effort (the job is forgotten on our side either way). */
export async function cancelRemoteJob(jobId: string): Promise<void> {
  const endpoint = trainerEndpoint({ timeoutMs: 3_000, retries: 1 });
  if (!endpoint) return;
  try {
    await trainerRequest(endpoint, { method: 'DELETE', path: `/v1/jobs/${encodeURIComponent(jobId)}` }, null, AbortSignal.timeout(8_000));
  } catch (error) {
    console.error('[training] could not cancel the external job', (error as Error).message);
  }
}
