import 'server-only';
import type { TransactionSql } from 'postgres';
import { isUniqueViolation } from '@/lib/db/errors';
import { AppError } from '@/lib/errors';
import { openaiConfigured } from '@/lib/llm/select';
import { blockedError, blockingRunOf } from './blocking';
import { resolveRunConfig, type RunConfig, type RunConfigInput } from './config';
import { BATCH_OF_POSITION, batchesFor } from './engine/batches';
import { recordEvent, type Actor } from './events';
import { CHUNK_SET_FINGERPRINT } from './fingerprint';
import { lineageOf } from './lineage';
import { RUN_COLUMNS, type RunRow } from './run-row';
import { NOTHING_TO_CONTINUE } from './available-actions';

/** A new run's settings, with the defaults filled in; an OpenAI-compatible generator needs an endpoint configured. */
export function runConfigFor(input: RunConfigInput | undefined): RunConfig {
  const config = resolveRunConfig(input, openaiConfigured());
  if (config.generator === 'openai' && !openaiConfigured()) {
    throw new AppError('validation_failed', 'No OpenAI-compatible endpoint is configured (OPENAI_BASE_URL / OPENAI_API_KEY).', {
      details: { fieldErrors: { generator: ['Not configured on this server.'] } },
    });
  }
  return config;
}

/**
 * Creates a queued run over the corpus's chunks — or, for a continuation, over the chunks
 * its lineage has not covered — snapshotted into run_chunks with one insert … select, and
 * records the chunk set's fingerprint. The partial unique index on runs makes a second
 * unfinished run impossible, whatever the timing.
 */
export async function createRun(
  tx: TransactionSql,
  input: { corpusId: string; workspaceId: string; config: RunConfig; actor: Actor; parentRunId?: string },
): Promise<RunRow> {
  let inserted: RunRow | undefined;
  try {
    [inserted] = await tx.savepoint((sp) =>
      sp<RunRow[]>`
        insert into public.runs (workspace_id, corpus_id, parent_run_id, config, created_by)
        values (${input.workspaceId}, ${input.corpusId}, ${input.parentRunId ?? null}, ${sp.json(input.config)}, ${input.actor.id})
        returning ${sp.unsafe(RUN_COLUMNS)}`,
    );
  } catch (error) {
    if (!isUniqueViolation(error, 'runs_one_unfinished_per_corpus')) throw error;
    const blocking = await blockingRunOf(tx, input.corpusId);
    throw blocking ? blockedError(blocking) : error;
  }
  const run = inserted!;
  // A continuation covers what its lineage has not finished: chunks added since, and chunks
  // that failed in an earlier run (no finished chunk is ever processed again in a lineage).
  // `not exists` is a primary-key probe per chunk; `not in (…)` over a big lineage stops
  // being hashed once the list outgrows work_mem and turns quadratic.
  const lineage = input.parentRunId ? await lineageOf(tx, input.parentRunId) : [];
  const covered = input.parentRunId
    ? tx`and not exists (
           select 1 from public.run_chunks rc
           where rc.run_id = any(${lineage}::uuid[]) and rc.chunk_id = c.id and rc.state = 'done')`
    : tx``;
  // Numbered into batches as they are snapshotted: handing a batch out then writes nothing per chunk.
  const [snapshot] = await tx<{ total: number; fingerprint: string | null }[]>`
    with inserted as (
      insert into public.run_chunks (run_id, chunk_id, workspace_id, batch_no)
      select ${run.id}, c.id, c.workspace_id, ${tx.unsafe(BATCH_OF_POSITION)}
      from public.chunks c where c.corpus_id = ${input.corpusId} ${covered}
      returning chunk_id)
    select count(*)::int as total, ${tx.unsafe(CHUNK_SET_FINGERPRINT)} as fingerprint
    from inserted`;
  if (!snapshot || snapshot.total === 0) {
    throw new AppError('nothing_to_do', input.parentRunId ? NOTHING_TO_CONTINUE : 'The corpus has no chunks yet: add documents first.');
  }
  const [updated] = await tx<RunRow[]>`
    update public.runs set total_chunks = ${snapshot.total}, corpus_fingerprint = ${snapshot.fingerprint}, batch_seq = ${batchesFor(snapshot.total)}
    where id = ${run.id} returning ${tx.unsafe(RUN_COLUMNS)}`;
  await recordEvent(tx, run.id, {
    actor: input.actor,
    from: null,
    to: 'queued',
    message: `${snapshot.total} chunks${input.parentRunId ? `, continuing run ${input.parentRunId}` : ''}`,
  });
  return updated!;
}
