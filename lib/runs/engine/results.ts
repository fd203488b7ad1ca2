import 'server-only';
import type { Sql } from 'postgres';
import type { GenerationError } from '@/lib/llm/generator';
import { ENGINE } from './settings';

type Success = { chunkId: string; questions: string[] };

const DISCARD = Symbol('run left generating: discard this write');
type Failure = { chunkId: string; error: GenerationError };

/**
 * Buffers a batch's outcomes and writes them in transactions of up to ENGINE.flushEvery.
 * A chunk's pairs and its done mark commit together, and only if the chunk was still
 * pending (compare-and-set), so a duplicate delivery can never write pairs twice; the
 * run's counters move in the same transaction, by exactly the rows that changed — or the
 * whole write is dropped if the run left `generating` (cancel) or moved to a new epoch.
 */
export function createResultWriter(sql: Sql, run: { id: string; workspaceId: string; epoch: number }) {
  let successes: Success[] = [];
  let failures: Failure[] = [];
  let chain = Promise.resolve();
  let lastFlush = Date.now();

  async function write(ok: Success[], failed: Failure[]) {
    if (ok.length === 0 && failed.length === 0) return;
    const output = failed.filter((f) => f.error.kind === 'output');
    const provider = failed.filter((f) => f.error.kind === 'provider');
    const pairs = ok.flatMap((s) => s.questions.map((question, ordinal) => ({ chunkId: s.chunkId, ordinal, question })));
    await sql.begin(async (tx) => {
      const [written] = await tx<{ done: number; pairs: number }[]>`
        with done as (
          update public.run_chunks set state = 'done', attempts = attempts + 1, finished_at = clock_timestamp(), updated_at = clock_timestamp(),
                 last_error = null, raw_output = null, batch_no = null
          where run_id = ${run.id} and chunk_id = any(${ok.map((s) => s.chunkId)}::uuid[]) and state = 'pending'
          returning chunk_id),
        inserted as (
          insert into public.pairs (run_id, chunk_id, workspace_id, ordinal, question)
          select ${run.id}, q.chunk_id, ${run.workspaceId}, q.ordinal, q.question
          from unnest(${pairs.map((p) => p.chunkId)}::uuid[], ${pairs.map((p) => p.ordinal)}::int[], ${pairs.map((p) => p.question)}::text[])
               as q(chunk_id, ordinal, question)
          where q.chunk_id in (select chunk_id from done)
          returning 1)
        select (select count(*) from done)::int as done, (select count(*) from inserted)::int as pairs`;
      // Unusable output costs the chunk an attempt; a failing provider is not the chunk's fault.
      const [failedNow] = output.length
        ? await tx<{ failed: number }[]>`
            with changed as (
              update public.run_chunks rc set attempts = rc.attempts + 1, updated_at = now(),
                     last_error = f.error, raw_output = f.raw,
                     state = case when rc.attempts + 1 >= ${ENGINE.maxChunkAttempts} then 'failed' else 'pending' end,
                     finished_at = case when rc.attempts + 1 >= ${ENGINE.maxChunkAttempts} then now() end
              from unnest(${output.map((f) => f.chunkId)}::uuid[], ${output.map((f) => f.error.message)}::text[],
                          ${output.map((f) => f.error.options.raw ?? null)}::text[]) as f(chunk_id, error, raw)
              where rc.run_id = ${run.id} and rc.chunk_id = f.chunk_id and rc.state = 'pending'
              returning rc.state)
            select count(*) filter (where state = 'failed')::int as failed from changed`
        : [{ failed: 0 }];
      if (provider.length) {
        await tx`
          update public.run_chunks rc set last_error = f.error, updated_at = now()
          from unnest(${provider.map((f) => f.chunkId)}::uuid[], ${provider.map((f) => `${f.error.code}: ${f.error.message}`)}::text[]) as f(chunk_id, error)
          where rc.run_id = ${run.id} and rc.chunk_id = f.chunk_id and rc.state = 'pending'`;
      }
      const lastError = provider.at(-1)?.error;
      // Last, and conditional: a run that was cancelled (or rescheduled) meanwhile takes no
      // more writes — the transition holds the row lock, so once cancel returns, nothing lands.
      const counted = await tx`
        update public.runs set
          processed_chunks = processed_chunks + ${written!.done},
          pair_count = pair_count + ${written!.pairs},
          failed_chunks = failed_chunks + ${failedNow!.failed},
          consecutive_failures = case when ${ok.length > 0} then ${provider.length} else consecutive_failures + ${provider.length} end,
          error_code = coalesce(${lastError?.code ?? null}, error_code),
          error_message = coalesce(${lastError ? lastError.message : null}, error_message),
          heartbeat_at = now()
        where id = ${run.id} and status = 'generating' and epoch = ${run.epoch}`;
      if (counted.count === 0) throw DISCARD;
    }).catch((error) => {
      if (error !== DISCARD) throw error;
    });
  }

  function flush(): Promise<void> {
    lastFlush = Date.now();
    const ok = successes;
    const failed = failures;
    successes = [];
    failures = [];
    chain = chain.then(() => write(ok, failed));
    return chain;
  }

  // Write in groups for throughput, but never hold results back longer than a poll: the
  // circuit breaker and the progress bar read what is written.
  const maybeFlush = () =>
    successes.length + failures.length >= ENGINE.flushEvery || Date.now() - lastFlush >= ENGINE.pollMs ? flush() : chain;

  return {
    ok: (chunkId: string, questions: string[]) => {
      successes.push({ chunkId, questions });
      return maybeFlush();
    },
    fail: (chunkId: string, error: GenerationError) => {
      failures.push({ chunkId, error });
      return maybeFlush();
    },
    flush,
  };
}
