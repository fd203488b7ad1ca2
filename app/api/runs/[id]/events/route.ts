// GET /api/runs/{id}/events — Server-Sent Events: the run's status and counters as they change
import { idParam } from '@/lib/api/params';
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
  const first = await getRun(user, runId);
  const encoder = new TextEncoder();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let last = '';
      const send = (run: Awaited<ReturnType<typeof getRun>>) => {
        const data = JSON.stringify(run);
        if (data !== last) controller.enqueue(encoder.encode(`event: run\ndata: ${data}\n\n`));
        else controller.enqueue(encoder.encode(`: keep-alive\n\n`));
        last = data;
      };
      const tick = async () => {
        if (request.signal.aborted) return;
        try {
          send(await getRun(user, runId));
        } catch {
          controller.enqueue(encoder.encode(`event: gone\ndata: {}\n\n`));
          controller.close();
          return;
        }
        timer = setTimeout(tick, TICK_MS);
      };
      controller.enqueue(encoder.encode(`retry: 2000\n\n`));
      send(first);
      timer = setTimeout(tick, TICK_MS);
      request.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        try {
          controller.close();
        } catch {}
      });
    },
    cancel() {
      clearTimeout(timer);
    },
  });
  return new Response(stream, {
    headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' },
  });
});
