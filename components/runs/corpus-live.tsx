'use client';

import { useRouter } from 'next/navigation';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { fresher, type ClientRun } from '@/lib/runs/client-run';
import type { RunStatus } from '@/lib/runs/status';
import { followEvents } from './event-source';

export type ClientWorkerHealth = { alive: number; last_seen_at: string | null };

type Live = {
  runs: Record<string, ClientRun>;
  /** Chunks a second of each generating run, over the last 15 s of updates (absent until measurable). */
  rates: Record<string, number>;
  health: ClientWorkerHealth;
  /** False while the stream is down (a restart, a dropped connection): what is shown may be stale. */
  connected: boolean;
  renderedAt: number;
  /** A snapshot read some other way (a row's Refresh): shown where it is fresher. */
  put: (run: ClientRun) => void;
};

const LiveContext = createContext<Live | null>(null);

type Props = {
  corpusId: string;
  /** The runs the page rendered, with the statuses it rendered them in. */
  runs: ClientRun[];
  health: ClientWorkerHealth;
  renderedAt: number;
  children: ReactNode;
};

/**
 * The dashboard's one live connection (GET /api/corpora/{id}/events): every run of the
 * corpus that changes, and the workers' health. Rows and the workflow card read their run
 * from here. When a run appears, disappears or changes status, the page re-reads its server
 * data (blocking state, totals, the history page) — and after a reconnect, since changes
 * may have been missed while it was down.
 */
export function CorpusLive({ corpusId, runs: rendered, health: initialHealth, renderedAt, children }: Props) {
  const router = useRouter();
  const [runs, setRuns] = useState<Record<string, ClientRun>>({});
  const [rates, setRates] = useState<Record<string, number>>({});
  const samples = useRef(new Map<string, { t: number; done: number }[]>());
  const [liveHealth, setHealth] = useState<ClientWorkerHealth | null>(null);
  // The page's figure after a refresh, unless the stream has told something newer since.
  const health = liveHealth && (liveHealth.last_seen_at ?? '') >= (initialHealth.last_seen_at ?? '') ? liveHealth : initialHealth;
  const [connected, setConnected] = useState(true);
  const statuses = useRef(new Map<string, RunStatus>());
  // Where the feed starts: what this page first rendered (a refresh re-renders, the stream stays).
  const since = useRef(renderedAt);
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  // What the page shows: a run whose status differs from it means the page is out of date.
  // Merged, not replaced, so a run this page does not list asks for one refresh, not one per tick.
  useEffect(() => {
    for (const run of rendered) statuses.current.set(run.id, run.status);
  }, [rendered]);

  const refreshSoon = useCallback(() => {
    clearTimeout(refreshTimer.current);
    refreshTimer.current = setTimeout(() => router.refresh(), 150);
  }, [router]);
  const put = useCallback((run: ClientRun) => setRuns((current) => ({ ...current, [run.id]: fresher(current[run.id], run) })), []);
  // Chunks per second while generating, steps per second while training.
  const measure = useCallback((run: ClientRun) => {
    const moving = run.status === 'generating' || (run.status === 'training' && run.training?.stage === 'training');
    const list = moving ? (samples.current.get(`${run.id}:${run.status}`) ?? []) : [];
    samples.current.set(`${run.id}:${run.status}`, list);
    const t = Date.now();
    list.push({ t, done: run.status === 'training' ? (run.training?.steps_done ?? 0) : run.processed_chunks + run.failed_chunks });
    while (list.length > 2 && list[0]!.t < t - 15_000) list.shift();
    const first = list[0]!;
    setRates((current) => {
      const { [run.id]: _old, ...rest } = current;
      return moving && t > first.t ? { ...rest, [run.id]: ((list.at(-1)!.done - first.done) * 1000) / (t - first.t) } : rest;
    });
  }, []);

  useEffect(
    () =>
      followEvents(
        `/api/corpora/${corpusId}/events?since=${since.current}`,
        {
          run: (data) => {
            const run = data as ClientRun;
            put(run);
            measure(run);
            if (statuses.current.get(run.id) !== run.status) {
              statuses.current.set(run.id, run.status);
              refreshSoon();
            }
          },
          version: () => refreshSoon(),
          health: (data) => setHealth(data as ClientWorkerHealth),
          // The corpus is no longer ours to see (removed from the workspace): the page re-reads who we are.
          gone: () => refreshSoon(),
        },
        {
          onOpen: (reconnected) => {
            setConnected(true);
            if (reconnected) refreshSoon();
          },
          onDown: () => setConnected(false),
        },
      ),
    [corpusId, put, measure, refreshSoon],
  );
  useEffect(() => () => clearTimeout(refreshTimer.current), []);

  const value = useMemo(() => ({ runs, rates, health, connected, renderedAt, put }), [runs, rates, health, connected, renderedAt, put]);
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

/** The freshest snapshot of a run: the live one when newer than what the page rendered. */
export function useLiveRun<T extends ClientRun | null>(rendered: T): T {
  const live = useContext(LiveContext);
  if (!rendered || !live) return rendered;
  return fresher(live.runs[rendered.id], rendered) as T;
}

/** Worker health, live on the dashboard (as rendered elsewhere). */
export function useLiveHealth(rendered?: ClientWorkerHealth): ClientWorkerHealth {
  return useContext(LiveContext)?.health ?? rendered ?? { alive: 0, last_seen_at: null };
}

/** The run's rate in chunks a second, once two live updates can be compared. */
export function useLiveRate(runId: string): number | null {
  return useContext(LiveContext)?.rates[runId] ?? null;
}

export function useLiveConnection(): boolean {
  return useContext(LiveContext)?.connected ?? true;
}

export function usePutRun(): (run: ClientRun) => void {
  return useContext(LiveContext)?.put ?? (() => {});
}

export function useRenderedAt(): number {
  return useContext(LiveContext)?.renderedAt ?? 0;
}
