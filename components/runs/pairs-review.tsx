'use client';

import { CheckIcon, PencilIcon, XIcon } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { editPairAction, reviewAction } from '@/lib/actions/runs';
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

/** Review a run's pairs: approve, reject or edit inline, approve in bulk; filtered and paginated. */
export function PairsReview({ runId, pairs: initial, next, filter, paged, canWrite, pending }: Props) {
  const router = useRouter();
  const [pairs, setPairs] = useState(initial);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [busy, setBusy] = useState<string | null>(null);
  const [editing, setEditing] = useState<{ id: number; text: string; error?: string } | null>(null);
  const [, startTransition] = useTransition();
  const href = (extra: Record<string, string>) => `/runs/${runId}?${new URLSearchParams({ ...(filter ? { review: filter } : {}), ...extra }).toString()}#pairs`;

  const review = (target: number[] | 'all-pending', state: ReviewState, key: string) => {
    setBusy(key);
    startTransition(async () => {
      const result = await reviewAction(runId, target, state);
      setBusy(null);
      if (!result.ok) return void toast.error(result.message);
      toast.success(result.message);
      if (target !== 'all-pending') setPairs((list) => list.map((p) => (target.includes(p.id) ? { ...p, review_state: state } : p)));
      setSelected(new Set());
      router.refresh();
    });
  };
  const save = () => {
    if (!editing) return;
    setBusy(`edit-${editing.id}`);
    startTransition(async () => {
      const result = await editPairAction(runId, editing.id, editing.text);
      setBusy(null);
      if (!result.ok) return setEditing({ ...editing, error: result.fieldErrors?.question?.[0] ?? result.message });
      toast.success(result.message);
      setPairs((list) => list.map((p) => (p.id === editing.id ? { ...p, question: result.data!.question, review_state: 'approved' } : p)));
      setEditing(null);
      router.refresh();
    });
  };

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
            <Button size="sm" variant="outline" disabled={selected.size === 0 || busy !== null} onClick={() => review([...selected], 'approved', 'bulk-selected')}>
              {busy === 'bulk-selected' ? <Spinner /> : <CheckIcon aria-hidden />} Approve selected ({selected.size})
            </Button>
            <Button size="sm" disabled={pending === 0 || busy !== null} onClick={() => review('all-pending', 'approved', 'bulk-all')}>
              {busy === 'bulk-all' ? <Spinner /> : <CheckIcon aria-hidden />} Approve all pending ({pending})
            </Button>
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
                <TableHead>Chunk</TableHead>
                <TableHead>Review</TableHead>
                {canWrite && <TableHead className="text-right">Actions</TableHead>}
              </TableRow>
            </TableHeader>
            <TableBody>
              {pairs.map((pair) => (
                <TableRow key={pair.id} data-pair-id={pair.id}>
                  {canWrite && (
                    <TableCell>
                      <input
                        type="checkbox"
                        aria-label={`Select “${pair.question}”`}
                        checked={selected.has(pair.id)}
                        onChange={(e) => setSelected((s) => {
                          const copy = new Set(s);
                          if (e.target.checked) copy.add(pair.id);
                          else copy.delete(pair.id);
                          return copy;
                        })}
                      />
                    </TableCell>
                  )}
                  <TableCell className="max-w-md whitespace-normal">
                    {editing?.id === pair.id ? (
                      <form className="grid gap-1" onSubmit={(e) => { e.preventDefault(); save(); }}>
                        <Input
                          aria-label="Question"
                          value={editing.text}
                          autoFocus
                          aria-invalid={editing.error ? true : undefined}
                          onChange={(e) => setEditing({ id: pair.id, text: e.target.value })}
                          onKeyDown={(e) => e.key === 'Escape' && setEditing(null)}
                        />
                        {editing.error && <p className="text-destructive text-xs">{editing.error}</p>}
                        <div className="flex gap-2">
                          <Button size="sm" type="submit" disabled={busy !== null}>{busy === `edit-${pair.id}` && <Spinner />}Save</Button>
                          <Button size="sm" type="button" variant="ghost" onClick={() => setEditing(null)}>Cancel</Button>
                        </div>
                      </form>
                    ) : (
                      pair.question
                    )}
                  </TableCell>
                  <TableCell className="text-muted-foreground max-w-sm text-xs whitespace-normal">
                    <span className="text-foreground font-medium">{pair.document_title}</span> · <span className="line-clamp-2">{pair.excerpt}</span>
                  </TableCell>
                  <TableCell>
                    <Badge variant={pair.review_state === 'approved' ? 'success' : pair.review_state === 'rejected' ? 'destructive' : 'outline'}>{pair.review_state}</Badge>
                  </TableCell>
                  {canWrite && (
                    <TableCell className="text-right whitespace-nowrap">
                      <Button size="icon" variant="ghost" aria-label={`Approve “${pair.question}”`} disabled={busy !== null} onClick={() => review([pair.id], 'approved', `a-${pair.id}`)}>
                        {busy === `a-${pair.id}` ? <Spinner /> : <CheckIcon aria-hidden />}
                      </Button>
                      <Button size="icon" variant="ghost" aria-label={`Reject “${pair.question}”`} disabled={busy !== null} onClick={() => review([pair.id], 'rejected', `r-${pair.id}`)}>
                        {busy === `r-${pair.id}` ? <Spinner /> : <XIcon aria-hidden />}
                      </Button>
                      <Button size="icon" variant="ghost" aria-label={`Edit “${pair.question}”`} disabled={busy !== null} onClick={() => setEditing({ id: pair.id, text: pair.question })}>
                        <PencilIcon aria-hidden />
                      </Button>
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
