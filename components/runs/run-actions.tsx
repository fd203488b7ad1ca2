'use client';

import { BanIcon, DumbbellIcon, GitBranchPlusIcon, ListChecksIcon, PlayIcon, RefreshCwIcon, RotateCcwIcon, StepForwardIcon, Trash2Icon, type LucideIcon } from 'lucide-react';
import Link from 'next/link';
import { useActionState, useEffect, useId, useRef, useState } from 'react';
import { useFormStatus } from 'react-dom';
import { toast } from 'sonner';
import { runFormAction, type RunActionName, type RunFormState } from '@/lib/actions/runs';
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
import { countOf } from '@/lib/words';

type Props = {
  run: ClientRun;
  /** Shows Refresh (generating / training rows): re-reads this run only. */
  onRefresh?: () => Promise<void>;
  /** Called after an action succeeded (e.g. to follow a new continuation). */
  onDone?: (name: RunActionName, data?: { runId: string }) => void;
  showReview?: boolean;
  /** Whether the corpus has chunks the lineage has not finished (Continue has something to do). */
  continuable?: boolean;
};

/**
 * The actions a run's status allows: one form posting the pressed button's action to the
 * run server action (pending state from the form, a toast for the result).
 */
export function RunActions({ run, onRefresh, onDone, showReview = true, continuable = true }: Props) {
  const done = useRef(onDone);
  useEffect(() => {
    done.current = onDone;
  });
  // The result is announced as the action returns, not from an effect: Remove (or a status
  // change) can take this row, and these buttons with it, off the page in the same render.
  const [, formAction] = useActionState<RunFormState, FormData>(async (previous, form) => {
    const result = await runFormAction(previous, form);
    if (result?.ok) {
      toast.success(result.message);
      done.current?.(result.action as RunActionName, result.data);
    } else if (result) {
      toast.error(result.message);
    }
    return result;
  }, null);
  const formId = useId();

  const continued = Boolean(run.continued_at);
  return (
    <form id={formId} action={formAction} className="flex flex-wrap items-center gap-2" aria-label="Run actions">
      <input type="hidden" name="run_id" value={run.id} />
      {canForceStart(run.status) && <ActionButton action="force-start" label="Start now" icon={PlayIcon} variant="default" />}
      {(run.status === 'generating' || run.status === 'training') && onRefresh && <RefreshButton onRefresh={onRefresh} />}
      {canProceed(run.status) && <ActionButton action="proceed" label="Proceed" icon={StepForwardIcon} variant="default" />}
      {run.status === 'generated' && showReview && (
        <Button size="sm" variant="outline" asChild>
          <Link href={`/runs/${run.id}#pairs`}>
            <ListChecksIcon aria-hidden />
            Review pairs
          </Link>
        </Button>
      )}
      {canRetryFailedChunks(run.status, run.failed_chunks) && !continued && (
        <ActionButton action="retry-failed" label={`Retry ${countOf(run.failed_chunks, 'failed chunk')}`} icon={RotateCcwIcon} />
      )}
      {/* A continued run is not the lineage head: train (or retry) the continuation instead. */}
      {run.status === 'generated' && !continued && <ActionButton action="train" label="Train" icon={DumbbellIcon} variant="default" />}
      {canContinue(run.status) && !continued && (
        <ActionButton
          action="continue"
          label="Continue"
          icon={GitBranchPlusIcon}
          disabled={!continuable}
          title={continuable ? 'A new run over the chunks this lineage has not finished' : 'Nothing new to cover: add documents to the corpus first'}
        />
      )}
      {canCancel(run.status) && <ActionButton action="cancel" label="Cancel" icon={BanIcon} />}
      {canRemove(run.status) && !run.child_run_id && <RemoveButton run={run} formId={formId} />}
    </form>
  );
}

function ActionButton({ action, label, icon: Icon, variant = 'outline', disabled, title }: {
  action: RunActionName;
  label: string;
  icon: LucideIcon;
  variant?: 'default' | 'outline';
  disabled?: boolean;
  title?: string;
}) {
  const { pending, data } = useFormStatus();
  const mine = pending && data?.get('action') === action;
  return (
    <Button type="submit" name="action" value={action} size="sm" variant={variant} disabled={pending || disabled} aria-busy={mine} title={title}>
      {mine ? <Spinner /> : <Icon aria-hidden />}
      {label}
    </Button>
  );
}

function RefreshButton({ onRefresh }: { onRefresh: () => Promise<void> }) {
  const { pending } = useFormStatus();
  const [refreshing, setRefreshing] = useState(false);
  const refresh = async () => {
    setRefreshing(true);
    try {
      await onRefresh();
    } finally {
      setRefreshing(false);
    }
  };
  return (
    <Button type="button" size="sm" variant="outline" disabled={pending || refreshing} onClick={refresh} aria-busy={refreshing}>
      <RefreshCwIcon aria-hidden className={refreshing ? 'animate-spin motion-reduce:animate-none' : undefined} />
      Refresh
    </Button>
  );
}

/** Remove asks first, saying how many pairs go; the dialog's button submits the form. */
function RemoveButton({ run, formId }: { run: ClientRun; formId: string }) {
  const { pending, data } = useFormStatus();
  const mine = pending && data?.get('action') === 'remove';
  return (
    <AlertDialog>
      <AlertDialogTrigger asChild>
        <Button type="button" size="sm" variant="outline" className="text-destructive" disabled={pending} aria-busy={mine}>
          {mine ? <Spinner /> : <Trash2Icon aria-hidden />}
          Remove
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Remove this run?</AlertDialogTitle>
          <AlertDialogDescription>
            {run.pair_count === 0
              ? 'The run has no pairs; its chunk states and history are deleted.'
              : `${countOf(run.pair_count, 'pair')} will be deleted, with the run's chunk states and history. This cannot be undone.`}
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel>Keep it</AlertDialogCancel>
          {/* Portalled out of the form: `form` ties the button back to it. */}
          <AlertDialogAction variant="destructive" type="submit" form={formId} name="action" value="remove">
            {run.pair_count === 0 ? 'Remove run' : `Remove run and ${countOf(run.pair_count, 'pair')}`}
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
