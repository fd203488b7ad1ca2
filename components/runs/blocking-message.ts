import { assertNever, type RunStatus } from '@/lib/runs/status';

/** Why Generate is disabled, worded for the status of the run that blocks the corpus. */
export function blockingMessage(status: Exclude<RunStatus, 'completed'>): string {
  switch (status) {
    case 'queued':
      return 'A run is queued for this corpus and waiting for a worker. Start it now or cancel it before generating again.';
    case 'generating':
      return 'A run is generating questions for this corpus. Wait for it to finish or cancel it.';
    case 'generated':
      return 'The last run is awaiting review. Review and train it, continue it, or remove it before generating again.';
    case 'training':
      return 'The last run is training. Wait for it to complete or cancel it.';
    case 'generating_failed':
    case 'training_failed':
      return 'The last run failed and must be resolved first: proceed it to resume where it stopped, or remove it.';
    case 'cancelled':
      return 'The last run was cancelled. Proceed it to resume where it stopped, or remove it.';
    default:
      return assertNever(status);
  }
}
