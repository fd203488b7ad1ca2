'use client';

import { BanIcon, GitBranchPlusIcon, ListChecksIcon, PlayIcon, RefreshCwIcon, RotateCcwIcon, StepForwardIcon, Trash2Icon, type LucideIcon } from 'lucide-react';
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
import { TrainDialog } from '@/components/training/train-dialog';
import { Button } from '@/components/ui/button';
import { Spinner } from '@/components/ui/spinner';
import type { ClientRun } from '@/lib/runs/client-run';
import { availableActions, type RunAction, type Verdict } from '@/lib/runs/available-actions';
import { countOf } from '@/lib/words';

type Props = {
  run: ClientRun;
  /** Shows Refresh (generating / training rows): re-reads this run only. */
  onRefresh?: () => Promise<void>;
  /** Called after an action succeeded (e.g. to follow a new continuation). */
  onDone?: (name: RunActionName, data?: { runId: string }) => void;
  showReview?: boolean;
  /** When the run's corpus last got a chunk (Continue needs something the lineage has not covered); undefined: unknown. */
  newestChunkAt?: string | null;
};

/**
 * The actions the run allows (availableActions: the rules the server applies too): one form
 * posting the pressed button's action to the run server action (pending state from the form,
 * a toast for the result).
 */
export function RunActions({ run, onRefresh, onDone, showReview = true, newestChunkAt }: Props) {
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

  const verdicts = availableActions(run, newestChunkAt === undefined ? {} : { newestChunkAt });
  // Allowed actions show; an action the status allows but the run cannot do yet shows disabled, saying why.
  const shown = (action: RunAction) => verdicts[action].allowed || ('disabled' in verdicts[action] && verdicts[action].disabled === true);
  const why = (verdict: Verdict) => (verdict.allowed ? undefined : verdict.reason);
  return (
    <form id={formId} action={formAction} className="flex flex-wrap items-center gap-2" aria-label="Run actions">
      <input type="hidden" name="run_id" value={run.id} />
      {shown('force-start') && <ActionButton action="force-start" label="Start now" icon={PlayIcon} variant="default" />}
      {shown('refresh') && onRefresh && <RefreshButton onRefresh={onRefresh} />}
      {shown('proceed') && <ActionButton action="proceed" label="Proceed" icon={StepForwardIcon} variant="default" />}
      {/* Awaiting review is when reviewing is the next step; pairs stay reviewable from the run page. */}
      {run.status === 'generated' && shown('review') && showReview && (
        <Button size="sm" variant="outline" asChild>
          <Link href={`/runs/${run.id}#pairs`}>
            <ListChecksIcon aria-hidden />
            Review pairs
          </Link>
        </Button>
      )}
      {shown('retry-failed') && <ActionButton action="retry-failed" label={`Retry ${countOf(run.failed_chunks, 'failed chunk')}`} icon={RotateCcwIcon} />}
      {shown('train') && <TrainDialog runId={run.id} onDone={() => done.current?.('train')} />}
      {shown('continue') && (
        <ActionButton
          action="continue"
          label="Continue"
          icon={GitBranchPlusIcon}
          disabled={!verdicts.continue.allowed}
          title={why(verdicts.continue) ?? 'A new run over the chunks this lineage has not finished'}
        />
      )}
      {shown('cancel') && <ActionButton action="cancel" label="Cancel" icon={BanIcon} />}
      {shown('remove') && <RemoveButton run={run} formId={formId} />}
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
