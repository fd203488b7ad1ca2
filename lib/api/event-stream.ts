import 'server-only';
import type { SessionUser } from '@/lib/auth/claims';
import { isLiveUser } from '@/lib/auth/live';
import { isAppError } from '@/lib/errors';

/** Writes one event: a name and its data (a string as is, anything else as JSON). */
export type Send = (event: string, data: unknown) => void;

/** A comment line now and then keeps proxies from closing a quiet stream. */
const KEEP_ALIVE_MS = 15_000;
/**
 * How often an open stream re-checks its grant: the session (signed out, signed out
 * everywhere, user banned or deleted) and, through `recheck`, access to the thing it follows
 * (a member removed from the workspace). The bound on how long an ended grant still streams.
 */
export const STREAM_RECHECK_MS = 2_000;

/**
 * A Server-Sent Events response that calls `tick` every `tickMs` until the client leaves.
 * - a tick that finds the thing gone (404) sends `gone` and ends the stream; any other error
 *   (the database restarting…) ends it without a verdict, and the browser reconnects;
 * - the stream ends shortly before the access token does: the browser reconnects through
 *   proxy.ts, which renews the session (or refuses it), so no stream outlives its grant;
 * - every STREAM_RECHECK_MS it re-checks the session (an ended one gets `signed_out` and the
 *   stream ends) and calls `recheck` (a 404 there sends `gone`, as from a tick);
 * - nothing is written after the stream closed, whenever a tick finishes.
 */
export function eventStream(
  request: Request,
  user: SessionUser,
  options: { tickMs: number; tick: (send: Send) => Promise<void>; recheck?: () => Promise<unknown> },
): Response {
  const encoder = new TextEncoder();
  const expiresInMs = Math.max(5_000, user.claims.exp * 1000 - Date.now() - 30_000);
  let stop = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      let lastWrite = Date.now();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const write = (text: string) => {
        if (closed) return;
        controller.enqueue(encoder.encode(text));
        lastWrite = Date.now();
      };
      const send: Send = (event, data) => write(`event: ${event}\ndata: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
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
      let checkedAt = Date.now();
      const loop = async () => {
        if (closed) return;
        try {
          if (Date.now() - checkedAt >= STREAM_RECHECK_MS) {
            checkedAt = Date.now();
            if (!(await isLiveUser(user.claims))) {
              send('signed_out', {});
              close();
              return;
            }
            await options.recheck?.();
          }
          await options.tick(send);
        } catch (error) {
          if (isAppError(error) && error.code === 'not_found') send('gone', {});
          close();
          return;
        }
        if (Date.now() - lastWrite >= KEEP_ALIVE_MS) write(': keep-alive\n\n');
        if (!closed) timer = setTimeout(loop, options.tickMs);
      };
      const expiry = setTimeout(close, expiresInMs);
      request.signal.addEventListener('abort', close, { once: true });
      write('retry: 2000\n\n');
      void loop();
    },
    cancel() {
      stop();
    },
  });
  return new Response(stream, {
    headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' },
  });
}
