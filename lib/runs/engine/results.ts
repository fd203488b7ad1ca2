import 'server-only';
import type { Sql, TransactionSql } from 'postgres';
import { GenerationError } from '@/lib/llm/generator';
import { concludeGeneration, GENERATION_STATE_COLUMNS, type GenerationState } from './conclude';
import { ENGINE } from './settings';

type Success = { chunkId: string; questions: string[] };
type Failure = { chunkId: string; error: GenerationError };

const DISCARD = Symbol('run left generating: discard this write');

/**
 * Whether a failure is the chunk's own: unusable output, or a request the provider refused
 * or could not finish for this chunk (too long, filtered, timed out). Those cost the chunk an
 * attempt, so a chunk that always fails ends `failed` instead of coming back forever. Outages
 * (5xx, connection errors, rate limits) are not the chunk's fault and cost none.
 */
export const costsAttempt = (error: GenerationError) =>
  error.kind === 'output' || error.code === 'provider_rejected' || error.code === 'timeout';

/** Postgres refused the data itself (class 22 data exception, 23 integrity violation). */
const isDataError = (error: unknown) => /^2[23]/.test(String((error as { code?: unknown })?.code ?? ''));

/**
 * Buffers a batch's outcomes and writes them in transactions of up to ENGINE.flushEvery
 * (or every ENGINE.pollMs). A chunk's pairs and its done mark commit together, and only if
 * the chunk was still pending (compare-and-set), so a duplicate delivery can never write
 * pairs twice; the run's counters move in the same transaction, by exactly the rows that
 * changed — or the whole write is dropped if the run left `generating` (cancel) or moved to
 * a new epoch. The write that finishes the run (or trips the circuit breaker) also moves
 * its status, in the same transaction.
 */
export function createResultWriter(sql: Sql, run: { id: string; workspaceId: string; epoch: number }) {
  let successes: Success[] = [];
  let failures: Failure[] = [];
  let chain = Promise.resolve();
  let firstError: unknown;
  // The first outcome is written at once: progress shows as soon as a batch starts.
  let lastFlush = 0;

  async function writeGroup(ok: Success[], failed: Failure[]) {
    if (ok.length === 0 && failed.length === 0) return;
    const pairs = ok.flatMap((s) => s.questions.map((question, ordinal) => ({ chunkId: s.chunkId, ordinal, question })));
    const provider = failed.filter((f) => f.error.kind === 'provider');
    await sql
      .begin(async (tx) => {
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
        const failedNow = failed.length ? await recordFailures(tx, run.id, failed) : 0;
        const lastError = provider.at(-1)?.error;
        // Last, and conditional: a run that was cancelled (or rescheduled) meanwhile takes no
        // more writes — the transition holds the row lock, so once cancel returns, nothing lands.
        const [state] = await tx<GenerationState[]>`
          update public.runs set
            processed_chunks = processed_chunks + ${written!.done},
            pair_count = pair_count + ${written!.pairs},
            failed_chunks = failed_chunks + ${failedNow},
            consecutive_failures = case when ${ok.length > 0} then ${provider.length} else consecutive_failures + ${provider.length} end,
            error_code = coalesce(${lastError?.code ?? null}, error_code),
            error_message = coalesce(${lastError ? lastError.message : null}, error_message),
            heartbeat_at = now()
          where id = ${run.id} and status = 'generating' and epoch = ${run.epoch}
          returning ${tx.unsafe(GENERATION_STATE_COLUMNS)}`;
        if (!state) throw DISCARD;
        await concludeGeneration(tx, run.id, state);
      })
      .catch((error) => {
        if (error !== DISCARD) throw error;
      });
  }

  /**
   * One bad row must not sink its group (and with it, its batch, again and again): when
   * Postgres refuses the data, each outcome is written alone, and a chunk whose questions
   * cannot be stored fails like unusable output, with the questions kept as its raw output.
   */
  async function write(ok: Success[], failed: Failure[]) {
    try {
      await writeGroup(ok, failed);
    } catch (error) {
      if (!isDataError(error) || (ok.length === 0 && failed.length <= 1)) throw error;
      for (const success of ok) {
        await writeGroup([success], []).catch((single) => {
          if (!isDataError(single)) throw single;
          const reason = new GenerationError('output', 'The generated questions could not be stored.', {
            code: 'unstorable_output',
            raw: sanitize(JSON.stringify(success.questions)).slice(0, 10_000),
          });
          return writeGroup([], [{ chunkId: success.chunkId, error: reason }]);
        });
      }
      for (const failure of failed) await writeGroup([], [failure]);
    }
  }

  function flush(): Promise<void> {
    lastFlush = Date.now();
    const ok = successes;
    const failed = failures;
    successes = [];
    failures = [];
    // Every group is attempted even after an earlier one failed (a connection blip); the
    // first error resurfaces at the end, and the job is retried for what did not land.
    chain = chain.then(() => write(ok, failed)).catch((error) => {
      firstError ??= error;
    });
    return chain.then(() => {
      if (firstError !== undefined) throw firstError;
    });
  }

  // Write in groups for throughput, but never hold results back longer than a poll: the
  // circuit breaker and the progress bar read what is written.
  const maybeFlush = () => {
    if (successes.length + failures.length >= ENGINE.flushEvery || Date.now() - lastFlush >= ENGINE.pollMs) void flush().catch(() => undefined);
  };

  return {
    ok: (chunkId: string, questions: string[]) => {
      successes.push({ chunkId, questions });
      maybeFlush();
    },
    fail: (chunkId: string, error: GenerationError) => {
      failures.push({ chunkId, error });
      maybeFlush();
    },
    /** Writes what is buffered; rejects with the first write error of the batch, if any. */
    flush,
  };
}

/**
 * Failed outcomes: attempts, the error and raw output kept; `failed` once out of attempts, or at
 * once when the answer is final (the same chunk always gets it). Returns how many failed now.
 */
async function recordFailures(tx: TransactionSql, runId: string, failed: Failure[]): Promise<number> {
  // `= any(…)` lets the planner look the chunks up by primary key; a join on unnest() alone
  // can be planned as a scan of every pending chunk of the run.
  const [row] = await tx<{ failed: number }[]>`
    with changed as (
      update public.run_chunks rc set
        attempts = rc.attempts + f.costs,
        updated_at = now(),
        last_error = f.error,
        raw_output = case when f.costs = 1 then f.raw else rc.raw_output end,
        state = case when f.costs = 1 and (f.final = 1 or rc.attempts + 1 >= ${ENGINE.maxChunkAttempts}) then 'failed' else 'pending' end,
        finished_at = case when f.costs = 1 and (f.final = 1 or rc.attempts + 1 >= ${ENGINE.maxChunkAttempts}) then now() end
      from unnest(${failed.map((f) => f.chunkId)}::uuid[], ${failed.map((f) => sanitize(f.error.kind === 'provider' ? `${f.error.code}: ${f.error.message}` : f.error.message))}::text[],
                  ${failed.map((f) => (f.error.options.raw === undefined ? null : sanitize(f.error.options.raw)))}::text[],
                  ${failed.map((f) => (costsAttempt(f.error) ? 1 : 0))}::int[],
                  ${failed.map((f) => (f.error.final ? 1 : 0))}::int[]) as f(chunk_id, error, raw, costs, final)
      where rc.run_id = ${runId} and rc.chunk_id = any(${failed.map((f) => f.chunkId)}::uuid[]) and rc.chunk_id = f.chunk_id and rc.state = 'pending'
      returning rc.state)
    select (count(*) filter (where state = 'failed'))::int as failed from changed`;
  return row?.failed ?? 0;
}

/** Postgres text cannot hold NUL; other control characters are dropped too (the text is for people). */
const sanitize = (text: string) => text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
