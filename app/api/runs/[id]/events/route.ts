// GET /api/runs/{id}/events — Server-Sent Events: the run's status and counters as they change
import { idParam } from '@/lib/api/params';
import { apiRoute } from '@/lib/api/route';
import { requireUser } from '@/lib/auth/require';
import { isAppError } from '@/lib/errors';
import { getRun } from '@/lib/runs/queries';

export const dynamic = 'force-dynamic';

// Polling the run row works the same on the embedded database and through Supabase's
// transaction pooler (where LISTEN/NOTIFY is unavailable); one indexed read per tick.
const TICK_MS = 500;
// A comment line now and then keeps proxies from closing a quiet stream.
const KEEP_ALIVE_MS = 15_000;

export const GET = apiRoute(async (request, { params }: RouteContext<'/api/runs/[id]/events'>) => {
  const user = await requireUser();
  const runId = await idParam(params, 'Run');
  const first = await getRun(user, runId);
  // The stream ends shortly before the access token does: the browser reconnects through
  // proxy.ts, which renews the session (or refuses it), so a stream never outlives its grant.
  const expiresInMs = Math.max(5_000, user.claims.exp * 1000 - Date.now() - 30_000);
  const encoder = new TextEncoder();
  let stop = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let last = '';
      let lastWrite = Date.now();
      const write = (text: string) => {
        if (closed) return;
        controller.enqueue(encoder.encode(text));
        lastWrite = Date.now();
      };
      const close = () => {
        if (closed) return;
        closed = true;
        clearTimeout(timer);
        clearTimeout(expiry);
        request.signal.removeEventListener('abort', close);
        try {
          controller.close();
        } catch {
          // The client is already gone.
        }
      };
      stop = close;
      const send = (run: Awaited<ReturnType<typeof getRun>>) => {
        const data = JSON.stringify(run);
        if (data !== last) write(`event: run\ndata: ${data}\n\n`);
        else if (Date.now() - lastWrite >= KEEP_ALIVE_MS) write(`: keep-alive\n\n`);
        last = data;
      };
      const tick = async () => {
        if (closed) return;
        try {
          send(await getRun(user, runId));
        } catch (error) {
          // Removed (or no longer visible): say so, and end. Anything else (the database
          // restarting…) ends the stream without a verdict; the client reconnects.
          if (isAppError(error) && error.code === 'not_found') write(`event: gone\ndata: {}\n\n`);
          close();
          return;
        }
        if (!closed) timer = setTimeout(tick, TICK_MS);
      };
      const expiry = setTimeout(close, expiresInMs);
      request.signal.addEventListener('abort', close, { once: true });
      write(`retry: 2000\n\n`);
      send(first);
      timer = setTimeout(tick, TICK_MS);
    },
    cancel() {
      stop();
    },
  });
  return new Response(stream, {
    headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' },
  });
});
