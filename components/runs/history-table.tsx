'use client';

import { ChevronRightIcon, GitBranchIcon, GitMergeIcon } from 'lucide-react';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { Fragment, useState } from 'react';
import { toast } from 'sonner';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { activeMs, type ClientRun } from '@/lib/runs/client-run';
import { cn } from '@/lib/utils';
import { useLiveRun, usePutRun, useRenderedAt } from './corpus-live';
import { formatDate, formatDuration, formatNumber } from './format';
import { RunDetails } from './run-details';
import { RunProgressCell } from './run-progress';
import { RunStatusBadge } from './run-status';
import { useNow } from './use-now';
import { useShowRun } from './use-show-run';

type Props = { runs: ClientRun[]; canWrite: boolean; newestChunkAt: string | null };

/** Training history: one row per run, expanding (one at a time) into its details and actions. */
export function HistoryTable({ runs, canWrite, newestChunkAt }: Props) {
  const params = useSearchParams();
  const showRun = useShowRun();
  const put = usePutRun();
  const now = useNow(useRenderedAt());
  const linked = params.get('run');
  const [expanded, setExpanded] = useState<string | null>(linked);
  // A link to a run (the blocking notice, a shared URL) opens its row, not only on first load.
  const [seenLink, setSeenLink] = useState(linked);
  if (linked !== seenLink) {
    setSeenLink(linked);
    if (linked) setExpanded(linked);
  }

  const refresh = async (id: string) => {
    const response = await fetch(`/api/runs/${id}`, { cache: 'no-store' });
    if (!response.ok) {
      toast.error('Could not refresh the run.');
      return;
    }
    put((await response.json()) as ClientRun);
  };
  const toggle = (run: ClientRun) => {
    setExpanded((current) => (current === run.id ? null : run.id));
    // Opens the run in the workflow card above.
    if (run.status === 'generated' || run.status === 'completed') showRun(run.id);
  };

  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead className="w-8"><span className="sr-only">Expand</span></TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Started</TableHead>
          <TableHead className="hidden md:table-cell">Lineage</TableHead>
          <TableHead className="hidden sm:table-cell">Progress</TableHead>
          <TableHead className="text-right">Pairs</TableHead>
          <TableHead className="hidden text-right sm:table-cell">Duration</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {runs.map((run) => (
          <HistoryRow
            key={run.id}
            rendered={run}
            open={expanded === run.id}
            onToggle={toggle}
            onRefresh={() => refresh(run.id)}
            canWrite={canWrite}
            now={now}
            newestChunkAt={newestChunkAt}
          />
        ))}
      </TableBody>
    </Table>
  );
}

function HistoryRow(props: {
  rendered: ClientRun;
  open: boolean;
  onToggle: (run: ClientRun) => void;
  onRefresh: () => Promise<void>;
  canWrite: boolean;
  now: number;
  newestChunkAt: string | null;
}) {
  const run = useLiveRun(props.rendered);
  const { open } = props;
  const detailsId = `run-${run.id}-details`;
  const toggle = () => props.onToggle(run);
  return (
    <Fragment>
      <TableRow
        id={`run-${run.id}`}
        data-run-id={run.id}
        data-state={open ? 'selected' : undefined}
        className={cn('cursor-pointer', open && 'bg-muted/50')}
        onClick={toggle}
      >
        <TableCell>
          <button
            type="button"
            className="hover:bg-accent focus-visible:ring-ring/50 rounded p-1 outline-none focus-visible:ring-[3px]"
            aria-expanded={open}
            aria-controls={detailsId}
            aria-label={`${open ? 'Collapse' : 'Expand'} run created ${formatDate(run.created_at)}`}
            onClick={(event) => {
              event.stopPropagation();
              toggle();
            }}
          >
            <ChevronRightIcon aria-hidden className={cn('size-4 transition-transform', open && 'rotate-90')} />
          </button>
        </TableCell>
        <TableCell><RunStatusBadge status={run.status} /></TableCell>
        <TableCell className="whitespace-nowrap">
          {run.started_at ? (
            <time dateTime={run.started_at}>{formatDate(run.started_at)}</time>
          ) : (
            <span className="text-muted-foreground" title={`Created ${formatDate(run.created_at)}; no worker has taken it yet`}>Not yet</span>
          )}
        </TableCell>
        <TableCell className="hidden md:table-cell"><LineageMarker run={run} /></TableCell>
        <TableCell className="hidden sm:table-cell"><RunProgressCell run={run} /></TableCell>
        <TableCell className="text-right tabular-nums" data-testid="pair-count">{formatNumber(run.pair_count)}</TableCell>
        <TableCell className="hidden text-right tabular-nums sm:table-cell" title="Time spent generating and training">
          {run.started_at ? formatDuration(activeMs(run, props.now)) : '—'}
        </TableCell>
      </TableRow>
      {open && (
        <TableRow id={detailsId} className="hover:bg-transparent">
          <TableCell colSpan={7} className="bg-muted/30 p-4 whitespace-normal">
            <RunDetails
              run={run}
              canWrite={props.canWrite}
              now={props.now}
              onRefresh={props.onRefresh}
              newestChunkAt={props.newestChunkAt}
            />
          </TableCell>
        </TableRow>
      )}
    </Fragment>
  );
}

/** Where the run sits in its lineage: what it continues, and what continues it. */
function LineageMarker({ run }: { run: ClientRun }) {
  if (!run.parent_run_id && !run.child_run_id) return <span className="text-muted-foreground">—</span>;
  const link = 'text-muted-foreground inline-flex items-center gap-1 text-xs hover:underline';
  return (
    <div className="grid gap-0.5">
      {run.parent_run_id && (
        <Link href={`/runs/${run.parent_run_id}`} onClick={(e) => e.stopPropagation()} className={link} title="This run continues an earlier one">
          <GitBranchIcon aria-hidden className="size-3.5" />
          continues {run.parent_run_id.slice(0, 8)}
        </Link>
      )}
      {run.child_run_id && (
        <Link href={`/runs/${run.child_run_id}`} onClick={(e) => e.stopPropagation()} className={link} title="A later run continues this one">
          <GitMergeIcon aria-hidden className="size-3.5" />
          continued by {run.child_run_id.slice(0, 8)}
        </Link>
      )}
    </div>
  );
}
