'use client';

import { CheckIcon, RotateCcwIcon, Undo2Icon, XIcon, type LucideIcon } from 'lucide-react';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from '@/components/ui/alert-dialog';
import { Button } from '@/components/ui/button';
import { Spinner } from '@/components/ui/spinner';
import { bulkReviewAction, countBulkAction, undoBulkReviewAction } from '@/lib/actions/review';
import { describeFilter, type BulkAction, type PairFilter } from '@/lib/review/filter';
import { formatNumber } from '@/lib/words';

const ACTIONS: { action: BulkAction; label: string; verb: string; icon: LucideIcon }[] = [
  { action: 'approve', label: 'Approve all matching', verb: 'Approve', icon: CheckIcon },
  { action: 'reject', label: 'Reject all matching', verb: 'Reject', icon: XIcon },
  { action: 'reset', label: 'Reset all matching', verb: 'Reset to pending', icon: RotateCcwIcon },
];

const ALREADY: Record<BulkAction, string> = { approve: 'approved', reject: 'rejected', reset: 'pending' };

export type UndoableBulk = { id: number; action: BulkAction; affected: number; filter: string };

/**
 * Decisions on every pair matching the table's filter (not only this page): the dialog says
 * how many pairs will change before anything does; the latest one can be undone.
 */
export function BulkActions({ runId, filter, lastBulk, refusal }: { runId: string; filter: PairFilter; lastBulk: UndoableBulk | null; refusal: string | null }) {
  const [open, setOpen] = useState<BulkAction | null>(null);
  const [count, setCount] = useState<number | null>(null);
  const [pending, startTransition] = useTransition();
  const chosen = ACTIONS.find((a) => a.action === open);

  const ask = (action: BulkAction) => {
    setOpen(action);
    setCount(null);
    startTransition(async () => {
      const result = await countBulkAction(runId, filter, action);
      if (!result.ok) {
        toast.error(result.message);
        setOpen(null);
        return;
      }
      setCount(result.data!.count);
    });
  };
  const confirm = () => {
    if (!open) return;
    const action = open;
    startTransition(async () => {
      const result = await bulkReviewAction(runId, filter, action);
      setOpen(null);
      if (!result.ok) {
        toast.error(result.message);
        return;
      }
      toast.success(result.message, { action: { label: 'Undo', onClick: () => undo() } });
    });
  };
  const undo = () =>
    startTransition(async () => {
      const result = await undoBulkReviewAction(runId);
      if (result.ok) toast.success(result.message);
      else toast.error(result.message);
    });

  return (
    <div className="flex flex-wrap items-center gap-2" aria-label="Bulk decisions">
      {ACTIONS.map(({ action, label, icon: Icon }) => (
        <Button key={action} size="sm" variant="outline" disabled={refusal !== null || pending} title={refusal ?? undefined} onClick={() => ask(action)}>
          <Icon aria-hidden />
          {label}
        </Button>
      ))}
      {lastBulk && (
        <Button size="sm" variant="ghost" disabled={refusal !== null || pending} onClick={undo}>
          <Undo2Icon aria-hidden />
          Undo bulk #{lastBulk.id} ({lastBulk.action}, {formatNumber(lastBulk.affected)})
        </Button>
      )}
      {refusal && <p className="text-muted-foreground text-xs">{refusal}</p>}
      <AlertDialog open={open !== null} onOpenChange={(next) => !next && setOpen(null)}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>{chosen?.verb} {count === null ? '…' : `${formatNumber(count)} ${count === 1 ? 'pair' : 'pairs'}`}?</AlertDialogTitle>
            <AlertDialogDescription>
              {count === null ? 'Counting the pairs that match…' : `Every pair matching ${describeFilter(filter)} that is not already ${chosen ? ALREADY[chosen.action] : ''}: ${formatNumber(count)}. You can undo this.`}
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>Cancel</AlertDialogCancel>
            <AlertDialogAction disabled={count === null || count === 0 || pending} onClick={(e) => {
              e.preventDefault();
              confirm();
            }}>
              {pending && count !== null && <Spinner />}
              {chosen?.verb} {count === null ? '' : formatNumber(count)}
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </div>
  );
}
