import 'server-only';
import type { Sql, TransactionSql } from 'postgres';
import { fromBytes, toBytes, type Adapter } from './adapter';
import type { Embedder } from './embedder';

type Db = Sql | TransactionSql;

/**
 * Where a run's adapter lives (public.adapters, one row per run): checkpoints keep Adam's
 * moments so training resumes exactly; the final adapter drops them.
 */

/** The run's checkpoint, if it belongs to this embedder's vector space. */
export async function loadCheckpoint(sql: Db, runId: string, embedder: Embedder): Promise<Adapter | null> {
  const [row] = await sql<{ dim: number; steps_done: number; weights: Uint8Array; optimizer: Uint8Array | null }[]>`
    select dim, steps_done, weights, optimizer from public.adapters where run_id = ${runId} and embedder = ${embedder.name}`;
  if (!row || row.dim !== embedder.dim || !row.optimizer) return null;
  const size = row.dim * row.dim;
  const moments = fromBytes(row.optimizer, 2 * size);
  return { dim: row.dim, weights: fromBytes(row.weights, size), m: moments.slice(0, size), v: moments.slice(size), steps: row.steps_done };
}

/** Writes the adapter; `checkpoint` keeps the optimiser state too (to resume from). */
export async function saveAdapter(sql: Db, runId: string, adapter: Adapter, embedder: Embedder, { checkpoint }: { checkpoint: boolean }): Promise<void> {
  let optimizer: Buffer | null = null;
  if (checkpoint) {
    const moments = new Float32Array(adapter.m.length * 2);
    moments.set(adapter.m);
    moments.set(adapter.v, adapter.m.length);
    optimizer = toBytes(moments);
  }
  await sql`
    insert into public.adapters (run_id, workspace_id, embedder, dim, steps_done, weights, optimizer)
    select id, workspace_id, ${embedder.name}, ${adapter.dim}, ${adapter.steps}, ${toBytes(adapter.weights)}, ${optimizer}
    from public.runs where id = ${runId}
    on conflict (run_id) do update set embedder = excluded.embedder, dim = excluded.dim, steps_done = excluded.steps_done,
      weights = excluded.weights, optimizer = excluded.optimizer`;
}
