import 'server-only';
import type { Sql } from 'postgres';
import { fnv1a } from './random';
import { TRAINING } from './settings';

export type Split = 'train' | 'validation' | 'test';

/**
 * Which split a chunk belongs to: a hash of (lineage, chunk), so a chunk keeps its split in
 * every training of its lineage, and no chunk is in two. By chunk, not by pair: a question
 * about a test chunk must find a chunk training never saw.
 */
export function splitOf(seed: string, chunkId: string): Split {
  const x = (fnv1a(`${seed}:${chunkId}`) % 10_000) / 10_000;
  if (x < TRAINING.testShare) return 'test';
  if (x < TRAINING.testShare + TRAINING.validationShare) return 'validation';
  return 'train';
}

/**
 * The run's stored split, or a new one over `chunkIds` (stored in the same call): a resumed
 * training reads back exactly the split it started with.
 */
export async function loadOrCreateSplit(sql: Sql, runId: string, seed: string, chunkIds: readonly string[]): Promise<Map<string, Split>> {
  const stored = await sql<{ chunk_id: string; split: Split }[]>`select chunk_id, split from public.training_splits where run_id = ${runId}`;
  if (stored.length > 0) return new Map(stored.map((row) => [row.chunk_id, row.split]));
  const splits = new Map(chunkIds.map((id) => [id, splitOf(seed, id)]));
  const ids = [...splits.keys()];
  for (let i = 0; i < ids.length; i += 5_000) {
    const slice = ids.slice(i, i + 5_000);
    await sql`
      insert into public.training_splits (run_id, chunk_id, workspace_id, split)
      select ${runId}, c.id, c.workspace_id, s.split
      from unnest(${slice}::uuid[], ${slice.map((id) => splits.get(id)!)}::text[]) as s(chunk_id, split)
      join public.chunks c on c.id = s.chunk_id
      on conflict do nothing`;
  }
  return splits;
}
