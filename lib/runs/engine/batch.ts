import 'server-only';
import type { Job } from 'pg-boss';
import { serviceSql } from '@/lib/db/service';
import { GenerationError } from '@/lib/llm/generator';
import { generatorFor } from '@/lib/llm/select';
import { runConfigSchema } from '../config';
import { boss } from './boss';
import { stoppingSignal } from './boss-holder';
import { releaseBatch } from './batches';
import { forEachConcurrent } from './concurrency';
import { acquireRunLimits } from './run-limits';
import { createResultWriter } from './results';
import type { BatchJob } from './schedule';
import { ENGINE } from './settings';

/** Whether this attempt still holds its job: a job failed by the supervisor is retried elsewhere. */
async function stillOwns(job: Job<BatchJob>): Promise<boolean> {
  const [current] = await (await boss()).findJobs(ENGINE.batchQueue, { id: job.id });
  return current?.state === 'active' && current.retryCount === job.retryCount;
}

/**
 * One batch job: generate questions for the batch's still-pending chunks with bounded
 * concurrency, writing results as they come. Stops taking chunks — and aborts in-flight
 * calls — as soon as the job is cancelled, the run leaves `generating` (or this epoch), or
 * another attempt of the job took over.
 */
export async function processBatch(job: Job<BatchJob>): Promise<{ done: number }> {
  const { runId, epoch, batchNo } = job.data;
  const sql = serviceSql();
  const [run] = await sql<{ status: string; epoch: number; config: unknown; workspace_id: string }[]>`
    select status, epoch, config, workspace_id from public.runs where id = ${runId}`;
  if (!run || run.status !== 'generating' || run.epoch !== epoch) return { done: 0 };
  const config = runConfigSchema.parse(run.config);
  const chunks = await sql<{ chunk_id: string; content: string }[]>`
    select rc.chunk_id, c.content from public.run_chunks rc join public.chunks c on c.id = rc.chunk_id
    where rc.run_id = ${runId} and rc.batch_no = ${batchNo} and rc.state = 'pending'
    order by rc.chunk_id`;
  if (chunks.length === 0) return { done: 0 };

  const abort = new AbortController();
  let lostJob = false;
  // Cancelled (the job's signal) or this process stopping: stop calling, release the chunks.
  const stop = AbortSignal.any([job.signal, stoppingSignal()]);
  const onJobAbort = () => abort.abort(stop.reason);
  if (stop.aborted) onJobAbort();
  else stop.addEventListener('abort', onJobAbort, { once: true });
  let ticks = 0;
  // The run row is the source of truth for cancel: look at it while the batch works; and
  // now and then make sure no other attempt of this job has taken the chunks over.
  const watcher = setInterval(async () => {
    const [current] = await sql<{ status: string; epoch: number }[]>`select status, epoch from public.runs where id = ${runId}`.catch(() => []);
    if (!current || current.status !== 'generating' || current.epoch !== epoch) abort.abort(new Error('run left generating'));
    if (++ticks % 10 === 0 && !(await stillOwns(job).catch(() => true))) {
      lostJob = true;
      abort.abort(new Error('another attempt of this batch took over'));
    }
  }, ENGINE.pollMs);

  const limits = acquireRunLimits(runId, config);
  let done = 0;
  try {
    await limits.ready;
    const generator = limits.generator(() => generatorFor(config, limits.limiter));
    const writer = createResultWriter(sql, { id: runId, workspaceId: run.workspace_id, epoch });
    await forEachConcurrent(chunks, config.concurrency, abort.signal, async (chunk) => {
      // The run's concurrency is shared by all its batches in this process.
      try {
        await limits.slots.acquire(abort.signal);
      } catch {
        return;
      }
      try {
        const questions = await generator.generate({ chunkId: chunk.chunk_id, content: chunk.content, count: config.questions_per_chunk, signal: abort.signal });
        done++;
        // Written in the background, in order: the slot goes to the next call now, not after the
        // write commits. A failed write resurfaces at the final flush below (the job then retries).
        writer.ok(chunk.chunk_id, questions);
      } catch (error) {
        if (abort.signal.aborted) return;
        const failure = error instanceof GenerationError ? error : new GenerationError('provider', (error as Error).message ?? String(error), { cause: error });
        if (failure.kind === 'aborted') return;
        writer.fail(chunk.chunk_id, failure);
      } finally {
        limits.slots.release();
      }
    });
    await writer.flush();
  } finally {
    limits.release();
    clearInterval(watcher);
    stop.removeEventListener('abort', onJobAbort);
    // Whatever is still pending gets a fresh batch number, so the coordinator hands it to a
    // new job — unless another attempt of this job, or a later epoch, owns those chunks now.
    if (!lostJob && (await stillOwns(job).catch(() => false))) await releaseBatch(sql, runId, epoch, batchNo);
  }
  return { done };
}
