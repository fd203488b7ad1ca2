import type { ClientRun } from '@/lib/runs/client-run';
import { formatDuration, formatNumber } from '@/components/runs/format';

const STAGES = {
  preparing: 'Reading the corpus and splitting it',
  mining: 'Embedding questions and mining hard negatives',
  training: 'Training',
  evaluating: 'Measuring held-out retrieval against the whole corpus',
} as const;

/** One line on a training in progress: stage, step of total, loss, and (given a rate in steps/s) time left. */
export function trainingProgressText(run: Pick<ClientRun, 'training'>, stepsPerSecond: number | null = null): string {
  const t = run.training;
  if (!t) return 'Starting…';
  const stage = t.stage ?? 'training';
  if (stage !== 'training' || !t.steps_total) return `${STAGES[stage]}…`;
  const parts = [`Step ${formatNumber(t.steps_done)} of ${formatNumber(t.steps_total)}`];
  if (t.loss !== null) parts.push(`loss ${t.loss.toFixed(3)}`);
  if (stepsPerSecond && stepsPerSecond > 0) parts.push(`about ${formatDuration(((t.steps_total - t.steps_done) / stepsPerSecond) * 1000)} left (early stopping may end it sooner)`);
  return parts.join(' · ');
}
