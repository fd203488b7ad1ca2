import 'server-only';
import type { TransactionSql } from 'postgres';
import type { SessionUser } from '@/lib/auth/claims';
import { isUniqueViolation } from '@/lib/db/errors';
import { withRls } from '@/lib/db/rls';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { assertWorkspaceRole } from '@/lib/workspaces/access';
import { resolveRunConfig, type RunConfig, type RunConfigInput } from '../config';
import { RUN_COLUMNS, type RunRow } from '../run-row';
import { STATUS_LABELS, type RunStatus } from '../status';
import { BATCH_OF_POSITION, batchesFor } from '../engine/batches';
import { scheduleRun } from '../engine/schedule';
import type { Actor } from './transition';

export const openaiConfigured = () => Boolean(env().OPENAI_API_KEY || env().OPENAI_BASE_URL);

/** The run that keeps a corpus from starting another (at most one unfinished run per corpus). */
async function blockingRun(tx: TransactionSql, corpusId: string) {
  const [run] = await tx<{ id: string; status: string }[]>`
    select id, status from public.runs where corpus_id = ${corpusId} and status <> 'completed' and continued_at is null limit 1`;
  return run;
}

export function blockedError(run: { id: string; status: string }) {
  const label = STATUS_LABELS[run.status as RunStatus] ?? run.status;
  return new AppError('run_blocked', `This corpus already has an unfinished run (${label.toLowerCase()}): finish, proceed or remove it first.`, {
    status: 409,
    fields: { blocking_run_id: run.id, blocking_run_status: run.status },
  });
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
    const blocking = await blockingRun(tx, input.corpusId);
    throw blocking ? blockedError(blocking) : error;
  }
  const run = inserted!;
  // A continuation covers what its lineage has not finished: chunks added since, and chunks
  // that failed in an earlier run (no finished chunk is ever processed again in a lineage).
  // `not exists` is a primary-key probe per chunk; `not in (…)` over a big lineage stops
  // being hashed once the list outgrows work_mem and turns quadratic.
  const lineage = input.parentRunId ? await lineageIds(tx, input.parentRunId) : [];
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
    select count(*)::int as total,
           md5(string_agg(chunk_id::text, ',' order by chunk_id)) as fingerprint
    from inserted`;
  if (!snapshot || snapshot.total === 0) {
    throw new AppError('nothing_to_do', input.parentRunId ? 'Every chunk of this corpus is already covered by the lineage.' : 'The corpus has no chunks yet: add documents first.', {
      status: 422,
    });
  }
  const [updated] = await tx<RunRow[]>`
    update public.runs set total_chunks = ${snapshot.total}, corpus_fingerprint = ${snapshot.fingerprint}, batch_seq = ${batchesFor(snapshot.total)}
    where id = ${run.id} returning ${tx.unsafe(RUN_COLUMNS)}`;
  await tx`
    insert into public.run_events (run_id, workspace_id, actor_id, actor, from_status, to_status, message)
    values (${run.id}, ${input.workspaceId}, ${input.actor.id}, ${input.actor.label}, null, 'queued',
            ${`${snapshot.total} chunks${input.parentRunId ? `, continuing run ${input.parentRunId}` : ''}`})`;
  return updated!;
}

async function lineageIds(tx: TransactionSql, runId: string): Promise<string[]> {
  const rows = await tx<{ id: string }[]>`
    with recursive lineage as (
      select id, parent_run_id, 0 as depth from public.runs where id = ${runId}
      union all
      select r.id, r.parent_run_id, l.depth + 1 from public.runs r join lineage l on r.id = l.parent_run_id where l.depth < 1000)
    select id from lineage`;
  return rows.map((row) => row.id);
}

export const actorOf = (user: SessionUser): Actor => ({ id: user.id, label: user.email || user.id });

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

/** POST /api/runs, the Generate button: a new run over a corpus. */
export async function startRun(user: SessionUser, corpusId: string, configInput?: RunConfigInput): Promise<RunRow> {
  const config = runConfigFor(configInput);
  const corpus = await withRls(user.claims, async (tx) => (await tx<{ workspace_id: string }[]>`select workspace_id from public.corpora where id = ${corpusId}`)[0]);
  if (!corpus) throw new AppError('not_found', 'Corpus not found.');
  await assertWorkspaceRole(user, corpus.workspace_id, 'admin');
  const run = await withRls(user.claims, (tx) => createRun(tx, { corpusId, workspaceId: corpus.workspace_id, config, actor: actorOf(user) }));
  await scheduleRun(run.id);
  return run;
}
