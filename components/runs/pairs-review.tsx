'use client';

import { CheckIcon, PencilIcon, XIcon, type LucideIcon } from 'lucide-react';
import Link from 'next/link';
import { useActionState, useEffect, useRef, useState } from 'react';
import { useFormStatus } from 'react-dom';
import { toast } from 'sonner';
import { editFormAction, reviewFormAction, type EditFormState, type ReviewFormState } from '@/lib/actions/runs';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Spinner } from '@/components/ui/spinner';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { ReviewPair, ReviewState } from '@/lib/runs/review';

type Props = { runId: string; pairs: ReviewPair[]; next: number | null; filter: ReviewState | null; paged: boolean; canWrite: boolean; pending: number };

const FILTERS: { label: string; value: ReviewState | null }[] = [
  { label: 'All', value: null },
  { label: 'Pending', value: 'pending' },
  { label: 'Approved', value: 'approved' },
  { label: 'Rejected', value: 'rejected' },
];

/** Toasts a form's result once (the page's data is already fresh: the actions revalidate it). */
function useResultToast(state: { ok: boolean; message: string; at: number } | null) {
  const shown = useRef(0);
  useEffect(() => {
    if (!state || shown.current === state.at) return;
    shown.current = state.at;
    if (state.ok) toast.success(state.message);
    else toast.error(state.message);
  }, [state]);
}

/**
 * Review a run's pairs: approve, reject or edit inline, approve in bulk; filtered and
 * paginated. Every change is a form posting to a server action that revalidates the page.
 */
export function PairsReview({ runId, pairs, next, filter, paged, canWrite, pending }: Props) {
  const [reviewState, reviewAction] = useActionState<ReviewFormState, FormData>(reviewFormAction, null);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [editing, setEditing] = useState<number | null>(null);
  useResultToast(reviewState);
  // After a review, the selection has done its job.
  const [seenReview, setSeenReview] = useState(reviewState);
  if (reviewState !== seenReview) {
    setSeenReview(reviewState);
    if (reviewState?.ok) setSelected(new Set());
  }
  const href = (extra: Record<string, string>) => `/runs/${runId}?${new URLSearchParams({ ...(filter ? { review: filter } : {}), ...extra }).toString()}#pairs`;
  const toggle = (id: number, on: boolean) =>
    setSelected((current) => {
      const copy = new Set(current);
      if (on) copy.add(id);
      else copy.delete(id);
      return copy;
    });

  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <nav aria-label="Filter pairs" className="flex flex-wrap gap-1">
          {FILTERS.map((f) => (
            <Button key={f.label} size="sm" variant={filter === f.value ? 'secondary' : 'ghost'} asChild>
              <Link href={`/runs/${runId}?${f.value ? `review=${f.value}` : ''}#pairs` as never} aria-current={filter === f.value ? 'page' : undefined}>{f.label}</Link>
            </Button>
          ))}
        </nav>
        {canWrite && (
          <div className="flex flex-wrap gap-2">
            <form action={reviewAction}>
              <input type="hidden" name="run_id" value={runId} />
              <input type="hidden" name="state" value="approved" />
              {[...selected].map((id) => <input key={id} type="hidden" name="pair_id" value={id} />)}
              <SubmitButton icon={CheckIcon} variant="outline" disabled={selected.size === 0}>Approve selected ({selected.size})</SubmitButton>
            </form>
            <form action={reviewAction}>
              <input type="hidden" name="run_id" value={runId} />
              <input type="hidden" name="state" value="approved" />
              <input type="hidden" name="all_pending" value="1" />
              <SubmitButton icon={CheckIcon} disabled={pending === 0}>Approve all pending ({pending})</SubmitButton>
            </form>
          </div>
        )}
      </div>
      {pairs.length === 0 ? (
        <p className="text-muted-foreground text-sm">No pairs {filter ? `are ${filter}` : 'yet'}.</p>
      ) : (
        <div className="overflow-x-auto">
          <Table aria-label="Question pairs">
            <TableHeader>
              <TableRow>
                {canWrite && (
                  <TableHead className="w-8">
                    <input
                      type="checkbox"
                      aria-label="Select all on this page"
                      checked={selected.size === pairs.length}
                      onChange={(e) => setSelected(e.target.checked ? new Set(pairs.map((p) => p.id)) : new Set())}
                    />
                  </TableHead>
                )}
                <TableHead>Question</TableHead>
                <TableHead className="hidden md:table-cell">Chunk</TableHead>
                {canWrite && <TableHead className="text-right">Actions</TableHead>}
              </TableRow>
            </TableHeader>
            <TableBody>
              {pairs.map((pair) => (
                <TableRow key={pair.id} data-pair-id={pair.id}>
                  {canWrite && (
                    <TableCell className="align-top">
                      <input type="checkbox" aria-label={`Select “${pair.question}”`} checked={selected.has(pair.id)} onChange={(e) => toggle(pair.id, e.target.checked)} />
                    </TableCell>
                  )}
                  <TableCell className="max-w-md align-top whitespace-normal">
                    {editing === pair.id ? (
                      <EditQuestion runId={runId} pair={pair} onClose={() => setEditing(null)} />
                    ) : (
                      <div className="grid justify-items-start gap-1">
                        <span>{pair.question}</span>
                        <ReviewBadge state={pair.review_state} />
                        {/* Narrow screens: the chunk moves under the question. */}
                        <span className="text-muted-foreground line-clamp-2 text-xs md:hidden">{pair.document_title} · {pair.excerpt}</span>
                      </div>
                    )}
                  </TableCell>
                  <TableCell className="text-muted-foreground hidden max-w-sm align-top text-xs whitespace-normal md:table-cell">
                    <span className="text-foreground font-medium">{pair.document_title}</span> · <span className="line-clamp-2">{pair.excerpt}</span>
                  </TableCell>
                  {canWrite && (
                    <TableCell className="text-right align-top whitespace-nowrap">
                      <PairActions runId={runId} pair={pair} review={reviewAction} onEdit={() => setEditing(pair.id)} />
                    </TableCell>
                  )}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      <nav aria-label="Pair pages" className="flex justify-end gap-2">
        {paged && <Button size="sm" variant="outline" asChild><Link href={href({}) as never}>First page</Link></Button>}
        {next && <Button size="sm" variant="outline" asChild><Link href={href({ after: String(next) }) as never}>Next page</Link></Button>}
      </nav>
    </div>
  );
}

function ReviewBadge({ state }: { state: ReviewState }) {
  return <Badge variant={state === 'approved' ? 'success' : state === 'rejected' ? 'destructive' : 'outline'}>{state}</Badge>;
}

function SubmitButton({ icon: Icon, children, variant = 'default', disabled, ...rest }: {
  icon: LucideIcon;
  children?: React.ReactNode;
  variant?: 'default' | 'outline' | 'ghost';
  disabled?: boolean;
} & Omit<React.ComponentProps<typeof Button>, 'variant' | 'children'>) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" size={children ? 'sm' : 'icon'} variant={variant} disabled={pending || disabled} aria-busy={pending} {...rest}>
      {pending ? <Spinner /> : <Icon aria-hidden />}
      {children}
    </Button>
  );
}

function PairActions({ runId, pair, review, onEdit }: { runId: string; pair: ReviewPair; review: (form: FormData) => void; onEdit: () => void }) {
  return (
    <div className="inline-flex">
      {(['approved', 'rejected'] as const).map((state) => (
        <form key={state} action={review}>
          <input type="hidden" name="run_id" value={runId} />
          <input type="hidden" name="state" value={state} />
          <input type="hidden" name="pair_id" value={pair.id} />
          <SubmitButton icon={state === 'approved' ? CheckIcon : XIcon} variant="ghost" aria-label={`${state === 'approved' ? 'Approve' : 'Reject'} “${pair.question}”`} />
        </form>
      ))}
      <Button size="icon" variant="ghost" aria-label={`Edit “${pair.question}”`} data-edit-pair={pair.id} onClick={onEdit}>
        <PencilIcon aria-hidden />
      </Button>
    </div>
  );
}

/** Inline edit: saving approves the pair; Escape or Cancel gives focus back to the Edit button. */
function EditQuestion({ runId, pair, onClose }: { runId: string; pair: ReviewPair; onClose: () => void }) {
  const [state, action] = useActionState<EditFormState, FormData>(editFormAction, null);
  useResultToast(state?.ok ? state : null);
  const close = useRef(() => {
    onClose();
    // After React has put the row back.
    requestAnimationFrame(() => document.querySelector<HTMLButtonElement>(`[data-edit-pair="${pair.id}"]`)?.focus());
  });
  useEffect(() => {
    if (state?.ok) close.current();
  }, [state]);
  const error = state && !state.ok ? (state.fieldErrors?.question?.[0] ?? state.message) : undefined;
  return (
    <form className="grid gap-1" action={action}>
      <input type="hidden" name="run_id" value={runId} />
      <input type="hidden" name="pair_id" value={pair.id} />
      <Input
        name="question"
        aria-label="Question"
        defaultValue={pair.question}
        autoFocus
        aria-invalid={error ? true : undefined}
        onKeyDown={(e) => {
          if (e.key === 'Escape') close.current();
        }}
      />
      {error && <p className="text-destructive text-xs">{error}</p>}
      <div className="flex gap-2">
        <SaveButton />
        <Button size="sm" type="button" variant="ghost" onClick={() => close.current()}>Cancel</Button>
      </div>
    </form>
  );
}

function SaveButton() {
  const { pending } = useFormStatus();
  return (
    <Button size="sm" type="submit" disabled={pending}>
      {pending && <Spinner />}Save
    </Button>
  );
}
