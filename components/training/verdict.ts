import { assertNever } from '@/lib/runs/status';
import type { Verdict } from '@/lib/training/report';

/** A training's verdict in words and colour; exhaustive over the verdicts of lib/training/report. */
export function verdictAppearance(verdict: Verdict): { title: string; tone: string } {
  switch (verdict) {
    case 'improved':
      return { title: 'Retrieval improved', tone: 'border-emerald-500/30 bg-emerald-500/10 text-emerald-800 dark:text-emerald-300' };
    case 'not_significant':
      return { title: 'No significant change', tone: 'border-slate-400/40 bg-slate-500/5 text-slate-700 dark:text-slate-300' };
    case 'worse':
      return { title: 'Retrieval got worse', tone: 'border-red-500/30 bg-red-500/10 text-red-800 dark:text-red-300' };
    case 'no_improvement':
      return { title: 'No improvement: no adapter kept', tone: 'border-amber-500/30 bg-amber-500/10 text-amber-800 dark:text-amber-300' };
    case 'not_measured':
      return { title: 'Not measured', tone: 'border-slate-400/40 bg-slate-500/5 text-slate-700 dark:text-slate-300' };
    default:
      return assertNever(verdict);
  }
}
