// GET /api/corpora/{id}/events — Server-Sent Events: the corpus's runs as they change, and worker health
import { z } from 'zod';
import { eventStream } from '@/lib/api/event-stream';
import { idParam } from '@/lib/api/params';
import { apiRoute, parseWith } from '@/lib/api/route';
import { requireUser } from '@/lib/auth/require';
import { getCorpus } from '@/lib/corpus/list-corpora';
import { readCorpusFeed } from '@/lib/runs/feed';
import { getWorkerHealth } from '@/lib/runs/worker-health';

export const dynamic = 'force-dynamic';

const TICK_MS = 500;
const HEALTH_EVERY_MS = 5_000;

// ?since= (epoch ms): when the page rendered what it shows; changes after it are sent first.
const sinceSchema = z.coerce.number().int().positive().max(8.64e15).optional();

/**
 * One stream per dashboard: `run` for each run that changed since `since` (its full
 * snapshot), `version` when runs were added or removed (the page re-reads its data),
 * `health` for the workers. It polls, so it works the same on the embedded database and
 * through Supabase's pooler.
 */
export const GET = apiRoute(async (request, { params }: RouteContext<'/api/corpora/[id]/events'>) => {
  const user = await requireUser();
  const corpusId = await idParam(params, 'Corpus');
  const from = parseWith(sinceSchema, request.nextUrl.searchParams.get('since') ?? undefined);
  await getCorpus(user, corpusId);
  const sent = new Map<string, string>();
  let since = new Date(from ?? Date.now());
  let version: string | null = null;
  let healthAt = 0;
  let health = '';
  return eventStream(request, user, {
    tickMs: TICK_MS,
    // A member removed from the workspace no longer sees the corpus: `gone`, and the page re-reads.
    recheck: () => getCorpus(user, corpusId),
    async tick(send) {
      const feed = await readCorpusFeed(user, corpusId, since);
      since = feed.next;
      if (feed.version !== version) {
        if (version !== null) send('version', { version: feed.version });
        version = feed.version;
      }
      for (const run of feed.runs) {
        const data = JSON.stringify(run);
        if (sent.get(run.id) === data) continue;
        sent.set(run.id, data);
        send('run', data);
      }
      if (Date.now() - healthAt >= HEALTH_EVERY_MS) {
        healthAt = Date.now();
        const next = JSON.stringify(await getWorkerHealth(user));
        if (next !== health) send('health', (health = next));
      }
    },
  });
});
