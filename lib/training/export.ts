import 'server-only';
import type { SessionUser } from '@/lib/auth/claims';
import { withRls } from '@/lib/db/rls';
import { AppError } from '@/lib/errors';
import { diagonalOf, uOf, vOf, weightRows } from './adapter';
import { loadAdapter } from './store';

/** W is written out whole up to this many bytes (dim 4,096); beyond, the factors carry it. */
const MAX_DENSE_BYTES = 4096 * 4096 * 4;

const b64 = (values: Float32Array) => Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');

/**
 * The run's adapter as JSON, for use outside Recall: `weights` is W (float32 little-endian,
 * row-major, base64) with q' = q + W q, streamed row by row; `factors` give the same W as
 * diag(a) + U Vᵀ, which is all a large space (the built-in one has 16,384 dimensions: W would
 * be 1 GiB) can send.
 */
export async function exportAdapter(user: SessionUser, runId: string): Promise<ReadableStream<Uint8Array>> {
  const { stored, metrics } = await withRls(user.claims, async (tx) => {
    const [run] = await tx<{ status: string; metrics: unknown }[]>`select status, metrics from public.runs where id = ${runId}`;
    if (!run) throw new AppError('not_found', 'Run not found.');
    const stored = await loadAdapter(tx, runId);
    if (!stored) throw new AppError('invalid_state', 'This run has no trained adapter yet: train it first.', { fields: { status: run.status } });
    return { stored, metrics: run.metrics };
  });
  const { adapter, space } = stored;
  const dense = adapter.dim * adapter.dim * 4 <= MAX_DENSE_BYTES;
  const head = {
    run_id: runId,
    embedder: { provider: space.provider, model: space.model, dim: space.dim },
    space_key: space.key,
    form: 'residual',
    formula: "q' = q + W q, W = diag(a) + U Vᵀ; rank passages by q'·d",
    adapter_form: adapter.form,
    rank: adapter.rank,
    rows: adapter.dim,
    cols: adapter.dim,
    dtype: 'float32-le',
    factors: { a: b64(diagonalOf(adapter)), u: b64(uOf(adapter)), v: b64(vOf(adapter)), layout: 'a: dim; u, v: dim × rank, row-major' },
    builtin_statistics: stored.spaceData ? stored.spaceData.toString('base64') : null,
    ...(dense ? {} : { weights_omitted: `W would be ${adapter.dim} × ${adapter.dim} float32 (${Math.round((adapter.dim * adapter.dim * 4) / 2 ** 20)} MiB): apply the factors instead.` }),
    metrics,
  };
  const encoder = new TextEncoder();
  const json = JSON.stringify(head);
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(encoder.encode(`${json.slice(0, -1)},"weights":`));
      if (!dense) {
        controller.enqueue(encoder.encode('null}'));
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode('"'));
      // Base64 in 3-byte groups: what does not fill a group waits for the next row.
      let carry = Buffer.alloc(0);
      for (const row of weightRows(adapter)) {
        const bytes = Buffer.concat([carry, Buffer.from(row.buffer, row.byteOffset, row.byteLength)]);
        const whole = bytes.length - (bytes.length % 3);
        controller.enqueue(encoder.encode(bytes.subarray(0, whole).toString('base64')));
        carry = Buffer.from(bytes.subarray(whole));
        await new Promise((resolve) => setImmediate(resolve));
      }
      controller.enqueue(encoder.encode(`${carry.toString('base64')}"}`));
      controller.close();
    },
  });
}
