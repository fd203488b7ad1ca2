import 'server-only';
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
export function transactionStream(claims: RequestClaims, produce: (tx: TransactionSql, write: (piece: string | Uint8Array) => Promise<void>) => Promise<void>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let wake: (() => void) | null = null;
  let cancelled = false;
  let pending: Uint8Array[] = [];
  let size = 0;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const flush = () => {
          if (size === 0) return;
          controller.enqueue(pending.length === 1 ? pending[0]! : Buffer.concat(pending));
          pending = [];
          size = 0;
        };
        const write = async (piece: string | Uint8Array) => {
          if (cancelled) throw new StreamCancelled();
          const bytes = typeof piece === 'string' ? encoder.encode(piece) : piece;
          pending.push(bytes);
          size += bytes.length;
          if (size < PIECE) return;
          flush();
          while (!cancelled && (controller.desiredSize ?? 1) <= 0) await new Promise<void>((resolve) => (wake = resolve));
          if (cancelled) throw new StreamCancelled();
        };
        withRls(claims, (tx) => produce(tx, write), { snapshot: true }).then(
          () => {
            if (cancelled) return;
            flush();
            controller.close();
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
        wake?.();
        wake = null;
      },
    },
    { highWaterMark: 4 },
  );
}
