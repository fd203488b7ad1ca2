import 'server-only';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import type { TransactionSql } from 'postgres';
import type { RequestClaims } from '@/lib/db/rls';
import { withRls } from '@/lib/db/rls';

/** The body is handed to the response in pieces of about this many bytes. */
const PIECE = 64 * 1024;

class StreamCancelled extends Error {}

/**
 * A response body written from inside one read-only snapshot transaction under the caller's
 * RLS. `produce` writes text or bytes (COPY's); a write waits while the client is slower than the database
 * (the stream's queue is full), so memory holds a few pieces whatever the size. A client
 * that goes away cancels the stream, which ends the transaction.
 */
export function transactionStream(
  claims: RequestClaims,
  produce: (tx: TransactionSql, write: (piece: string | Uint8Array) => Promise<void>) => Promise<void>,
  options: { gzip?: boolean } = {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  // Compressed here, inside the same backpressure: the web CompressionStream (and a pipeline
  // around Node's zlib) let hundreds of MB queue up in front of the compressor at 1,000,000 pairs.
  const gzip = options.gzip ? createGzip() : null;
  let wake: (() => void) | null = null;
  let cancelled = false;
  let pending: Uint8Array[] = [];
  let size = 0;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        gzip?.on('data', (out: Buffer) => controller.enqueue(out));
        const flush = async () => {
          if (size === 0) return;
          const bytes = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
          pending = [];
          size = 0;
          if (!gzip) controller.enqueue(bytes);
          else if (!gzip.write(bytes)) await once(gzip, 'drain');
        };
        const finish = async () => {
          await flush();
          if (!gzip) return;
          const ended = once(gzip, 'end');
          gzip.end();
          await ended;
        };
        const write = async (piece: string | Uint8Array) => {
          if (cancelled) throw new StreamCancelled();
          const bytes = typeof piece === 'string' ? encoder.encode(piece) : piece;
          pending.push(bytes);
          size += bytes.length;
          if (size < PIECE) return;
          await flush();
          while (!cancelled && (controller.desiredSize ?? 1) <= 0) await new Promise<void>((resolve) => (wake = resolve));
          if (cancelled) throw new StreamCancelled();
        };
        withRls(claims, async (tx) => {
          await produce(tx, write);
          await finish();
        }, { snapshot: true }).then(
          () => {
            if (!cancelled) controller.close();
          },
          (error: unknown) => {
            if (cancelled || error instanceof StreamCancelled) return;
            console.error('[export] failed', error);
            controller.error(new Error('The export failed.'));
          },
        );
      },
      pull() {
        wake?.();
        wake = null;
      },
      cancel() {
        cancelled = true;
        gzip?.destroy();
        wake?.();
        wake = null;
      },
    },
    { highWaterMark: 4 },
  );
}
