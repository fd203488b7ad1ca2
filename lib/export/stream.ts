import 'server-only';
import { gzipSync } from 'node:zlib';
import type { TransactionSql } from 'postgres';
import type { RequestClaims } from '@/lib/db/rls';
import { withRls } from '@/lib/db/rls';

/** The body is handed to the response in pieces of about this many bytes. */
const PIECE = 64 * 1024;
/** Compressed pieces are larger: each is a gzip member of its own, and a larger one compresses better. */
const GZIP_PIECE = 512 * 1024;

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
  // Compressed here, piece by piece, inside the same backpressure: the web CompressionStream
  // let hundreds of MB queue up in front of the compressor at 1,000,000 pairs. Each piece is
  // its own gzip member; a file of several members is one gzip file (RFC 1952 §2.2) that
  // gunzip, zcat, Python's gzip and Node's zlib read whole.
  const gzip = options.gzip ?? false;
  const pieceSize = gzip ? GZIP_PIECE : PIECE;
  let wake: (() => void) | null = null;
  let cancelled = false;
  let pending: Uint8Array[] = [];
  let size = 0;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const flush = () => {
          if (size === 0) return;
          const bytes = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
          pending = [];
          size = 0;
          controller.enqueue(gzip ? gzipSync(bytes) : bytes);
        };
        const write = async (piece: string | Uint8Array) => {
          if (cancelled) throw new StreamCancelled();
          const bytes = typeof piece === 'string' ? encoder.encode(piece) : piece;
          pending.push(bytes);
          size += bytes.length;
          if (size < pieceSize) return;
          flush();
          while (!cancelled && (controller.desiredSize ?? 1) <= 0) await new Promise<void>((resolve) => (wake = resolve));
          if (cancelled) throw new StreamCancelled();
        };
        withRls(claims, async (tx) => {
          await produce(tx, write);
          flush();
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
        wake?.();
        wake = null;
      },
    },
    { highWaterMark: 4 },
  );
}
