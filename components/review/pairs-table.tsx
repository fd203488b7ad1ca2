'use client';

import { CheckIcon, PencilIcon, RotateCcwIcon, XIcon } from 'lucide-react';
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { toast } from 'sonner';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { reviewAction } from '@/lib/actions/runs';
import type { ReviewPair } from '@/lib/review/list';
import type { ReviewState } from '@/lib/review/states';
import { cn } from '@/lib/utils';
import { EditQuestion } from './edit-question';
import { ShortcutsHelp } from './shortcuts-help';
import { SignalBadges } from './signal-badges';

type Props = { runId: string; pairs: ReviewPair[]; canWrite: boolean };

/** Typing in a field, or a dialog open: the page's shortcuts stay out of the way. */
function shortcutsBlocked(event: KeyboardEvent) {
  if (event.metaKey || event.ctrlKey || event.altKey) return true;
  const target = event.target as HTMLElement | null;
  if (target?.closest('input, textarea, select, [contenteditable="true"], [role="dialog"], [role="alertdialog"], [role="menu"]')) return true;
  return document.querySelector('[role="dialog"], [role="alertdialog"]') !== null;
}

/**
 * The pairs of one page, reviewable with the mouse or the keyboard (j/k, a/r/u, e, x, ?).
 * A decision shows at once and is saved at once; if the server refuses, it is taken back with
 * a toast. Focus moves row to row (one row in the tab order at a time) and is always visible.
 */
export function PairsTable({ runId, pairs, canWrite }: Props) {
  const [overrides, setOverrides] = useState<Map<number, ReviewState>>(new Map());
  const [focused, setFocused] = useState<number | null>(null);
  const [editing, setEditing] = useState<number | null>(null);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [help, setHelp] = useState(false);
  const rows = useRef(new Map<number, HTMLTableRowElement>());
  // Fresh server data settles the decisions it already shows; ones still in flight stay.
  const [seen, setSeen] = useState(pairs);
  if (seen !== pairs) {
    setSeen(pairs);
    const settled = [...overrides].filter(([id, state]) => pairs.find((p) => p.id === id)?.review_state !== state);
    if (settled.length !== overrides.size) setOverrides(new Map(settled));
  }
  const stateOf = (pair: ReviewPair) => overrides.get(pair.id) ?? pair.review_state;
  const focusedIndex = Math.max(0, pairs.findIndex((p) => p.id === focused));

  const focusRow = (index: number) => {
    const pair = pairs[Math.min(Math.max(index, 0), pairs.length - 1)];
    if (!pair) return;
    setFocused(pair.id);
    rows.current.get(pair.id)?.focus();
  };

  const decide = async (pairIds: number[], state: ReviewState) => {
    const before = new Map(overrides);
    setOverrides((current) => new Map([...current, ...pairIds.map((id) => [id, state] as const)]));
    const result = await reviewAction(runId, pairIds, state);
    if (!result.ok) {
      setOverrides(before);
      toast.error(result.message);
      return false;
    }
    return true;
  };

  const keyboard = useRef<(event: KeyboardEvent) => void>(() => undefined);
  useEffect(() => {
    keyboard.current = (event) => {
      if (shortcutsBlocked(event) || editing !== null) return;
      const pair = pairs[focusedIndex];
      const onRow = focused !== null && pair !== undefined;
      switch (event.key) {
        case 'j':
        case 'ArrowDown':
          if (!onRow) focusRow(0);
          else focusRow(focusedIndex + 1);
          break;
        case 'k':
        case 'ArrowUp':
          if (!onRow) focusRow(0);
          else focusRow(focusedIndex - 1);
          break;
        case '?':
          setHelp(true);
          break;
        case 'a':
        case 'r':
        case 'u':
          if (!onRow || !canWrite) return;
          void decide([pair.id], event.key === 'a' ? 'approved' : event.key === 'r' ? 'rejected' : 'pending');
          if (event.key !== 'u') focusRow(focusedIndex + 1);
          break;
        case 'e':
          if (!onRow || !canWrite) return;
          setEditing(pair.id);
          break;
        case 'x':
          if (!onRow || !canWrite) return;
          setSelected((current) => {
            const copy = new Set(current);
            if (copy.has(pair.id)) copy.delete(pair.id);
            else copy.add(pair.id);
            return copy;
          });
          break;
        default:
          return;
      }
      event.preventDefault();
    };
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent) => keyboard.current(event);
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, []);

  const decideSelected = async (state: ReviewState) => {
    if (await decide([...selected], state)) {
      toast.success(`${selected.size} ${selected.size === 1 ? 'pair' : 'pairs'} ${state}.`);
      setSelected(new Set());
    }
  };

  return (
    <div className="grid gap-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        {canWrite ? (
          <div className="flex flex-wrap gap-2" aria-label="Selected pairs">
            <Button size="sm" variant="outline" disabled={selected.size === 0} onClick={() => void decideSelected('approved')}><CheckIcon aria-hidden />Approve selected ({selected.size})</Button>
            <Button size="sm" variant="outline" disabled={selected.size === 0} onClick={() => void decideSelected('rejected')}><XIcon aria-hidden />Reject selected ({selected.size})</Button>
          </div>
        ) : <span />}
        <ShortcutsHelp open={help} onOpenChange={setHelp} />
      </div>
      {pairs.length === 0 ? (
        <p className="text-muted-foreground text-sm">No pairs match.</p>
      ) : (
        <div className="overflow-x-auto">
          <Table aria-label="Question pairs">
            <TableHeader>
              <TableRow>
                {canWrite && (
                  <TableHead className="w-8">
                    <input type="checkbox" aria-label="Select all on this page" checked={selected.size === pairs.length} onChange={(e) => setSelected(e.target.checked ? new Set(pairs.map((p) => p.id)) : new Set())} />
                  </TableHead>
                )}
                <TableHead>Question</TableHead>
                <TableHead className="hidden md:table-cell">Chunk</TableHead>
                {canWrite && <TableHead className="text-right">Actions</TableHead>}
              </TableRow>
            </TableHeader>
            <TableBody>
              {pairs.map((pair, index) => {
                const state = stateOf(pair);
                const isFocused = pair.id === focused;
                return (
                  <TableRow
                    key={pair.id}
                    ref={(el) => {
                      if (el) rows.current.set(pair.id, el);
                      else rows.current.delete(pair.id);
                    }}
                    data-pair-id={pair.id}
                    tabIndex={isFocused || (focused === null && index === 0) ? 0 : -1}
                    aria-current={isFocused ? 'true' : undefined}
                    onFocus={(e) => {
                      if (e.target === e.currentTarget) setFocused(pair.id);
                    }}
                    className={cn('outline-none focus-visible:ring-ring focus-visible:ring-2 focus-visible:ring-inset', isFocused && 'bg-accent/60')}
                  >
                    {canWrite && (
                      <TableCell className="align-top">
                        <input type="checkbox" aria-label={`Select “${pair.question}”`} checked={selected.has(pair.id)} onChange={(e) => setSelected((current) => {
                          const copy = new Set(current);
                          if (e.target.checked) copy.add(pair.id);
                          else copy.delete(pair.id);
                          return copy;
                        })} />
                      </TableCell>
                    )}
                    <TableCell className="max-w-md align-top whitespace-normal">
                      {editing === pair.id ? (
                        <EditQuestion runId={runId} pair={pair} onClose={() => {
                          setEditing(null);
                          requestAnimationFrame(() => rows.current.get(pair.id)?.focus());
                        }} />
                      ) : (
                        <div className="grid justify-items-start gap-1">
                          <span>{pair.question}</span>
                          <div className="flex flex-wrap items-center gap-1">
                            <Badge variant={state === 'approved' ? 'success' : state === 'rejected' ? 'destructive' : 'outline'} data-review-state={state}>{state}</Badge>
                            <SignalBadges signals={pair.signals} />
                          </div>
                          <span className="text-muted-foreground line-clamp-2 text-xs md:hidden">{pair.document_title} · {pair.excerpt}</span>
                        </div>
                      )}
                    </TableCell>
                    <TableCell className="text-muted-foreground hidden max-w-sm align-top text-xs whitespace-normal md:table-cell">
                      <span className="text-foreground font-medium">{pair.document_title}</span> · <span className="line-clamp-2">{pair.excerpt}</span>
                      <Link className="underline" href={`/runs/${runId}?chunk_id=${pair.chunk_id}#pairs` as never}>This chunk&apos;s pairs</Link>
                    </TableCell>
                    {canWrite && (
                      <TableCell className="text-right align-top whitespace-nowrap">
                        <Button size="icon" variant="ghost" aria-label={`Approve “${pair.question}”`} onClick={() => void decide([pair.id], 'approved')}><CheckIcon aria-hidden /></Button>
                        <Button size="icon" variant="ghost" aria-label={`Reject “${pair.question}”`} onClick={() => void decide([pair.id], 'rejected')}><XIcon aria-hidden /></Button>
                        {state !== 'pending' && <Button size="icon" variant="ghost" aria-label={`Reset “${pair.question}”`} onClick={() => void decide([pair.id], 'pending')}><RotateCcwIcon aria-hidden /></Button>}
                        <Button size="icon" variant="ghost" aria-label={`Edit “${pair.question}”`} data-edit-pair={pair.id} onClick={() => setEditing(pair.id)}><PencilIcon aria-hidden /></Button>
                      </TableCell>
                    )}
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </div>
      )}
    </div>
  );
}
