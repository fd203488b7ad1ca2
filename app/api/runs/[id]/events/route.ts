// GET /api/runs/{id}/events — Server-Sent Events: the run's status and counters as they change
import { idParam } from '@/lib/api/params';
import { eventStream } from '@/lib/api/event-stream';
import { apiRoute } from '@/lib/api/route';
import { requireUser } from '@/lib/auth/require';
import { getRun } from '@/lib/runs/queries';

export const dynamic = 'force-dynamic';

// Polling the run row works the same on the embedded database and through Supabase's
// transaction pooler (where LISTEN/NOTIFY is unavailable); one indexed read per tick.
const TICK_MS = 500;

export const GET = apiRoute(async (request, { params }: RouteContext<'/api/runs/[id]/events'>) => {
  const user = await requireUser();
  const runId = await idParam(params, 'Run');
  await getRun(user, runId); // 404 before the stream opens
  let last = '';
  return eventStream(request, user, {
    tickMs: TICK_MS,
    async tick(send) {
      const data = JSON.stringify(await getRun(user, runId));
      if (data !== last) send('run', data);
      last = data;
    },
  });
});
