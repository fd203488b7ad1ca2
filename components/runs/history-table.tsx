'use client';

import { ChevronRightIcon, GitBranchIcon } from 'lucide-react';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { Fragment, useCallback, useState } from 'react';
import { toast } from 'sonner';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { fresher, type ClientRun } from '@/lib/runs/client-run';
import { isActive } from '@/lib/runs/status';
import { cn } from '@/lib/utils';
import { formatDate, formatDuration, formatNumber } from './format';
import { RunDetails } from './run-details';
import { RunProgressCell } from './run-progress';
import { RunStatusBadge } from './run-status';
import { useRunStream } from './use-run-stream';

type Props = { runs: ClientRun[]; canWrite: boolean; workersAlive: number; now: number };

/** Training history: one row per run, expanding (one at a time) into its details and actions. */
export function HistoryTable({ runs, canWrite, workersAlive, now }: Props) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [overrides, setOverrides] = useState<Record<string, ClientRun>>({});
  const [expanded, setExpanded] = useState<string | null>(params.get('run'));

  const update = useCallback((run: ClientRun) => setOverrides((current) => ({ ...current, [run.id]: fresher(current[run.id], run) })), []);
  const refresh = async (id: string) => {
    const response = await fetch(`/api/runs/${id}`, { cache: 'no-store' });
    if (!response.ok) {
      toast.error('Could not refresh the run.');
      return;
    }
    update((await response.json()) as ClientRun);
  };
  const toggle = (run: ClientRun) => {
    setExpanded((current) => (current === run.id ? null : run.id));
    if (run.status === 'generated' || run.status === 'completed') {
      // Opens the run in the workflow card above.
      const next = new URLSearchParams(params);
      next.set('run', run.id);
      router.replace(`${pathname}?${next.toString()}` as never, { scroll: false });
    }
  };

  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead className="w-8"><span className="sr-only">Expand</span></TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Started</TableHead>
          <TableHead>Lineage</TableHead>
          <TableHead>Progress</TableHead>
          <TableHead className="text-right">Pairs</TableHead>
          <TableHead className="text-right">Duration</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {runs.map((initial) => {
          const run = fresher(overrides[initial.id], initial);
          return (
            <HistoryRow
              key={run.id}
              run={run}
              open={expanded === run.id}
              onToggle={() => toggle(run)}
              onRun={(next) => {
                if (next.status !== run.status) router.refresh();
                update(next);
              }}
              onRefresh={() => refresh(run.id)}
              canWrite={canWrite}
              workersAlive={workersAlive}
              now={now}
            />
          );
        })}
      </TableBody>
    </Table>
  );
}

function HistoryRow(props: {
  run: ClientRun;
  open: boolean;
  onToggle: () => void;
  onRun: (run: ClientRun) => void;
  onRefresh: () => Promise<void>;
  canWrite: boolean;
  workersAlive: number;
  now: number;
}) {
  const { run, open, onToggle } = props;
  useRunStream(run.id, isActive(run.status), props.onRun);
  const detailsId = `run-${run.id}-details`;
  const started = run.started_at ?? run.created_at;
  const duration = run.started_at ? (run.finished_at ? new Date(run.finished_at).getTime() : props.now) - new Date(run.started_at).getTime() : NaN;
  return (
    <Fragment>
      <TableRow
        id={`run-${run.id}`}
        data-run-id={run.id}
        data-state={open ? 'selected' : undefined}
        className={cn('cursor-pointer', open && 'bg-muted/50')}
        onClick={onToggle}
      >
        <TableCell>
          <button
            type="button"
            className="hover:bg-accent focus-visible:ring-ring/50 rounded p-1 outline-none focus-visible:ring-[3px]"
            aria-expanded={open}
            aria-controls={detailsId}
            aria-label={`${open ? 'Collapse' : 'Expand'} run started ${formatDate(started)}`}
            onClick={(event) => {
              event.stopPropagation();
              onToggle();
            }}
          >
            <ChevronRightIcon aria-hidden className={cn('size-4 transition-transform', open && 'rotate-90')} />
          </button>
        </TableCell>
        <TableCell><RunStatusBadge status={run.status} /></TableCell>
        <TableCell className="whitespace-nowrap" title={started}>{formatDate(started)}</TableCell>
        <TableCell>
          {run.parent_run_id ? (
            <Link href={`/runs/${run.parent_run_id}`} onClick={(e) => e.stopPropagation()} className="text-muted-foreground inline-flex items-center gap-1 text-xs hover:underline" title="Continues an earlier run">
              <GitBranchIcon aria-hidden className="size-3.5" />
              continues {run.parent_run_id.slice(0, 8)}
            </Link>
          ) : (
            <span className="text-muted-foreground">—</span>
          )}
        </TableCell>
        <TableCell><RunProgressCell run={run} /></TableCell>
        <TableCell className="text-right tabular-nums" data-testid="pair-count">{formatNumber(run.pair_count)}</TableCell>
        <TableCell className="text-right tabular-nums">{formatDuration(duration)}</TableCell>
      </TableRow>
      {open && (
        <TableRow id={detailsId} className="hover:bg-transparent">
          <TableCell colSpan={7} className="bg-muted/30 p-4 whitespace-normal">
            <RunDetails run={run} canWrite={props.canWrite} workersAlive={props.workersAlive} now={props.now} onRefresh={props.onRefresh} />
          </TableCell>
        </TableRow>
      )}
    </Fragment>
  );
}
