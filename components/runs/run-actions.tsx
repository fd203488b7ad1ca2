'use client';

import { BanIcon, DumbbellIcon, GitBranchPlusIcon, ListChecksIcon, PlayIcon, RefreshCwIcon, RotateCcwIcon, StepForwardIcon, Trash2Icon, type LucideIcon } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { runAction, type RunActionName } from '@/lib/actions/runs';
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from '@/components/ui/alert-dialog';
import { Button } from '@/components/ui/button';
import { Spinner } from '@/components/ui/spinner';
import type { ClientRun } from '@/lib/runs/client-run';
import { canCancel, canContinue, canForceStart, canProceed, canRemove, canRetryFailedChunks } from '@/lib/runs/status';
import { formatNumber } from './format';

type Props = {
  run: ClientRun;
  /** Shows Refresh (generating / training rows): re-reads this run only. */
  onRefresh?: () => Promise<void>;
  /** Called after an action succeeded (e.g. to re-read the page's data). */
  onDone?: (name: RunActionName, data?: { runId: string }) => void;
  showReview?: boolean;
};

/** The actions a run's status allows, each with its pending state and a toast for the result. */
export function RunActions({ run, onRefresh, onDone, showReview = true }: Props) {
  const router = useRouter();
  const [pending, setPending] = useState<RunActionName | 'refresh' | null>(null);
  const [, startTransition] = useTransition();

  const act = (name: RunActionName) => {
    setPending(name);
    startTransition(async () => {
      const result = await runAction(name, run.id);
      setPending(null);
      if (result.ok) {
        toast.success(result.message);
        onDone?.(name, result.data);
        router.refresh();
      } else {
        toast.error(result.message);
        router.refresh();
      }
    });
  };
  const refresh = async () => {
    setPending('refresh');
    try {
      await onRefresh?.();
    } finally {
      setPending(null);
    }
  };

  const button = (name: RunActionName, label: string, Icon: LucideIcon, variant: 'default' | 'outline' | 'destructive' = 'outline') => (
    <Button size="sm" variant={variant} disabled={pending !== null} onClick={() => act(name)} aria-busy={pending === name}>
      {pending === name ? <Spinner /> : <Icon aria-hidden />}
      {label}
    </Button>
  );

  return (
    <div className="flex flex-wrap items-center gap-2">
      {canForceStart(run.status) && button('force-start', 'Start now', PlayIcon, 'default')}
      {(run.status === 'generating' || run.status === 'training') && onRefresh && (
        <Button size="sm" variant="outline" disabled={pending !== null} onClick={refresh} aria-busy={pending === 'refresh'}>
          <RefreshCwIcon aria-hidden className={pending === 'refresh' ? 'animate-spin motion-reduce:animate-none' : undefined} />
          Refresh
        </Button>
      )}
      {canProceed(run.status) && button('proceed', 'Proceed', StepForwardIcon, 'default')}
      {run.status === 'generated' && showReview && (
        <Button size="sm" variant="outline" asChild>
          <Link href={`/runs/${run.id}#pairs`}>
            <ListChecksIcon aria-hidden />
            Review pairs
          </Link>
        </Button>
      )}
      {canRetryFailedChunks(run.status, run.failed_chunks) && button('retry-failed', `Retry ${formatNumber(run.failed_chunks)} failed chunks`, RotateCcwIcon)}
      {run.status === 'generated' && button('train', 'Train', DumbbellIcon, 'default')}
      {canContinue(run.status) && !run.continued_at && button('continue', 'Continue', GitBranchPlusIcon)}
      {canCancel(run.status) && button('cancel', 'Cancel', BanIcon)}
      {canRemove(run.status) && (
        <AlertDialog>
          <AlertDialogTrigger asChild>
            <Button size="sm" variant="outline" className="text-destructive" disabled={pending !== null} aria-busy={pending === 'remove'}>
              {pending === 'remove' ? <Spinner /> : <Trash2Icon aria-hidden />}
              Remove
            </Button>
          </AlertDialogTrigger>
          <AlertDialogContent>
            <AlertDialogHeader>
              <AlertDialogTitle>Remove this run?</AlertDialogTitle>
              <AlertDialogDescription>
                {run.pair_count === 0
                  ? 'The run has no pairs; its chunk states and history are deleted.'
                  : `${formatNumber(run.pair_count)} ${run.pair_count === 1 ? 'pair' : 'pairs'} will be deleted, with the run's chunk states and history. This cannot be undone.`}
              </AlertDialogDescription>
            </AlertDialogHeader>
            <AlertDialogFooter>
              <AlertDialogCancel>Keep it</AlertDialogCancel>
              <AlertDialogAction variant="destructive" onClick={() => act('remove')}>
                Remove run and {formatNumber(run.pair_count)} pairs
              </AlertDialogAction>
            </AlertDialogFooter>
          </AlertDialogContent>
        </AlertDialog>
      )}
    </div>
  );
}
