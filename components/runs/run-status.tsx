import { BanIcon, CircleCheckBigIcon, CircleDashedIcon, CircleXIcon, ClipboardCheckIcon, DumbbellIcon, LoaderCircleIcon, type LucideIcon } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import { cn } from '@/lib/utils';
import { assertNever, STATUS_LABELS, type RunStatus } from '@/lib/runs/status';

type Appearance = { label: string; icon: LucideIcon; className: string; spin?: boolean };

/** The one map from status to label, icon and colour; exhaustive, so a new status cannot be forgotten. */
export function statusAppearance(status: RunStatus): Appearance {
  switch (status) {
    case 'queued':
      // Dashed and unfilled: nothing has started yet.
      return { label: STATUS_LABELS.queued, icon: CircleDashedIcon, className: 'border-dashed border-slate-400/60 bg-transparent text-slate-600 dark:text-slate-300' };
    case 'generating':
      return { label: STATUS_LABELS.generating, icon: LoaderCircleIcon, spin: true, className: 'border-sky-500/30 bg-sky-500/10 text-sky-700 dark:text-sky-300' };
    case 'generated':
      return { label: STATUS_LABELS.generated, icon: ClipboardCheckIcon, className: 'border-violet-500/30 bg-violet-500/10 text-violet-700 dark:text-violet-300' };
    case 'training':
      return { label: STATUS_LABELS.training, icon: DumbbellIcon, className: 'border-amber-500/30 bg-amber-500/10 text-amber-700 dark:text-amber-300' };
    case 'completed':
      return { label: STATUS_LABELS.completed, icon: CircleCheckBigIcon, className: 'border-emerald-500/30 bg-emerald-500/10 text-emerald-700 dark:text-emerald-300' };
    case 'generating_failed':
      return { label: STATUS_LABELS.generating_failed, icon: CircleXIcon, className: 'border-red-500/30 bg-red-500/10 text-red-700 dark:text-red-300' };
    case 'training_failed':
      return { label: STATUS_LABELS.training_failed, icon: CircleXIcon, className: 'border-red-500/30 bg-red-500/10 text-red-700 dark:text-red-300' };
    case 'cancelled':
      return { label: STATUS_LABELS.cancelled, icon: BanIcon, className: 'border-orange-500/30 bg-orange-500/10 text-orange-800 dark:text-orange-300' };
    default:
      return assertNever(status);
  }
}

export function RunStatusBadge({ status, className }: { status: RunStatus; className?: string }) {
  const { label, icon: Icon, className: tone, spin } = statusAppearance(status);
  return (
    <Badge variant="outline" className={cn(tone, className)} data-status={status}>
      <Icon aria-hidden className={cn(spin && 'animate-spin motion-reduce:animate-none')} />
      {label}
    </Badge>
  );
}
