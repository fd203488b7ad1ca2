import { assertNever, type StopReason } from '@/lib/runs/status';

/** Why a phase stopped, in words; exhaustive over the stop reasons of lib/runs/status. */
export function stopReasonLabel(reason: StopReason): string {
  switch (reason) {
    case 'target_reached':
      return 'every chunk was done';
    case 'cancelled':
      return 'cancelled';
    case 'provider_failing':
      return 'the provider kept failing (circuit breaker)';
    case 'too_many_failed_chunks':
      return 'too many chunks failed';
    case 'corpus_changed':
      return 'chunks were deleted from the corpus';
    case 'worker_lost':
      return 'the worker was lost';
    case 'no_improvement':
      return 'no adapter beat the embedder on validation';
    default:
      return assertNever(reason);
  }
}
