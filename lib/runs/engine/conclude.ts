import 'server-only';
import type { TransactionSql } from 'postgres';
import { WORKER } from '../events';
import { NOW, transition } from '../transition';
import { ENGINE } from './settings';

/** What decides whether a generating run stops: read from (or returned by a write to) its row. */
export type GenerationState = {
  status: string;
  epoch: number;
  consecutive_failures: number;
  total_chunks: number;
  processed_chunks: number;
  failed_chunks: number;
  chunks_removed: number;
  error_code: string | null;
  error_message: string | null;
};

export const GENERATION_STATE_COLUMNS = `status, epoch, consecutive_failures, total_chunks, processed_chunks, failed_chunks, chunks_removed, error_code, error_message`;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Ends a generating run when it should stop, in the caller's transaction (a compare-and-set:
 * whoever sees the condition first — the result writer as it commits the last chunk, or the
 * coordinator's poll — moves it; the other finds it moved). Answers whether it stopped.
 * - the circuit breaker: the provider failed ENGINE.circuitBreakerThreshold times in a row;
 * - every chunk done or failed: generated, or generating_failed past the failure threshold;
 * - chunks deleted from the corpus while work remains: stopped for an admin to proceed.
 */
export async function concludeGeneration(tx: TransactionSql, runId: string, run: GenerationState): Promise<boolean> {
  if (run.status !== 'generating') return false;
  const fail = (message: string, set: Record<string, unknown>) =>
    transition(tx, runId, { from: ['generating'], to: 'generating_failed', actor: WORKER, message, set: { error_phase: 'generating', finished_at: NOW, ...set } });

  if (run.consecutive_failures >= ENGINE.circuitBreakerThreshold) {
    await fail(`The provider failed ${run.consecutive_failures} times in a row`, {
      error_code: run.error_code ?? 'provider_failing',
      error_message: run.error_message ?? 'The model provider kept failing.',
      stop_reason: 'provider_failing',
    });
    return true;
  }
  const removed = run.chunks_removed > 0 ? `; ${plural(run.chunks_removed, 'chunk')} deleted from the corpus were skipped` : '';
  if (run.processed_chunks + run.failed_chunks >= run.total_chunks) {
    if (run.failed_chunks > 0 && run.failed_chunks / Math.max(1, run.total_chunks) > ENGINE.maxFailedShare) {
      const message = `${run.failed_chunks} of ${run.total_chunks} chunks failed.`;
      await fail(`${run.failed_chunks} of ${run.total_chunks} chunks failed${removed}`, {
        error_code: 'too_many_failed_chunks',
        error_message: message,
        stop_reason: 'too_many_failed_chunks',
      });
      return true;
    }
    await transition(tx, runId, {
      from: ['generating'],
      to: 'generated',
      actor: WORKER,
      message: `${run.failed_chunks ? `Done; ${plural(run.failed_chunks, 'chunk')} failed and can be retried` : 'Every chunk is done'}${removed}`,
      set: { stop_reason: 'target_reached', finished_at: NOW, consecutive_failures: 0, error_code: null, error_message: null, error_phase: null },
    });
    return true;
  }
  if (run.chunks_removed > 0) {
    await fail(`${plural(run.chunks_removed, 'chunk')} deleted from the corpus during the run`, {
      error_code: 'corpus_changed',
      error_message: `${plural(run.chunks_removed, 'chunk')} of this run were deleted from the corpus. Proceed to finish the run without them.`,
      stop_reason: 'corpus_changed',
    });
    return true;
  }
  return false;
}
