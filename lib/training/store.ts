import 'server-only';
import type { Sql, TransactionSql } from 'postgres';
import type { EmbeddingSpace } from '@/lib/embeddings/embedder';
import type { Adapter } from './adapter';

type Db = Sql | TransactionSql;

/**
 * Where a run's adapter lives (public.adapters, one row per run): while training, the
 * trainer's checkpoint; once trained, the chosen adapter (format 2: a, U, V) with the space it
 * belongs to and what rebuilds that space.
 */

/** The trainer's checkpoint, if it belongs to this embedding space (a corpus that changed since is a new space: training starts afresh). */
export async function loadCheckpoint(sql: Db, runId: string, space: EmbeddingSpace): Promise<Buffer | null> {
  const [row] = await sql<{ checkpoint: Buffer | null; space: EmbeddingSpace | null }[]>`
    select checkpoint, space from public.adapters where run_id = ${runId} and format = 2`;
  return row?.checkpoint && row.space?.key === space.key ? row.checkpoint : null;
}

export async function saveCheckpoint(sql: Db, runId: string, space: EmbeddingSpace, checkpoint: Buffer, steps: number): Promise<void> {
  await sql`
    insert into public.adapters (run_id, workspace_id, embedder, dim, steps_done, weights, optimizer, format, space, checkpoint)
    select id, workspace_id, ${space.key}, ${space.dim}, ${steps}, ${Buffer.alloc(0)}, null, 2, ${sql.json(space)}, ${checkpoint}
    from public.runs where id = ${runId}
    on conflict (run_id) do update set embedder = excluded.embedder, dim = excluded.dim, steps_done = excluded.steps_done,
      format = 2, space = excluded.space, checkpoint = excluded.checkpoint`;
}

/** The trained adapter, replacing the checkpoint. */
export async function saveAdapter(sql: Db, runId: string, space: EmbeddingSpace, spaceData: Buffer | null, adapter: Adapter, steps: number): Promise<void> {
  const weights = Buffer.from(adapter.params.buffer, adapter.params.byteOffset, adapter.params.byteLength);
  await sql`
    insert into public.adapters (run_id, workspace_id, embedder, dim, steps_done, weights, optimizer, format, form, rank, space, space_data, checkpoint)
    select id, workspace_id, ${space.key}, ${space.dim}, ${steps}, ${weights}, null, 2, ${adapter.form}, ${adapter.rank}, ${sql.json(space)}, ${spaceData}, null
    from public.runs where id = ${runId}
    on conflict (run_id) do update set embedder = excluded.embedder, dim = excluded.dim, steps_done = excluded.steps_done,
      weights = excluded.weights, optimizer = null, format = 2, form = excluded.form, rank = excluded.rank,
      space = excluded.space, space_data = excluded.space_data, checkpoint = null`;
}

export type StoredAdapter = { space: EmbeddingSpace; spaceData: Buffer | null; adapter: Adapter; steps: number };

/** A trained adapter (format 2), read as the caller may see it (RLS applies to `sql`). */
export async function loadAdapter(sql: Db, runId: string): Promise<StoredAdapter | null> {
  const [row] = await sql<{ space: EmbeddingSpace; space_data: Buffer | null; form: Adapter['form']; rank: number; dim: number; weights: Buffer; steps_done: number }[]>`
    select space, space_data, form, rank, dim, weights, steps_done from public.adapters
    where run_id = ${runId} and format = 2 and form is not null and checkpoint is null`;
  if (!row) return null;
  const copy = new Uint8Array(row.weights.byteLength);
  copy.set(row.weights);
  return {
    space: row.space,
    spaceData: row.space_data,
    adapter: { form: row.form, dim: row.dim, rank: row.rank, params: new Float32Array(copy.buffer) },
    steps: row.steps_done,
  };
}
