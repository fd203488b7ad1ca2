'use client';

import { useEffect, useRef } from 'react';
import type { ClientRun } from '@/lib/runs/client-run';

/**
 * Follows one run over Server-Sent Events while `enabled`. EventSource retries by itself on
 * a dropped connection, but gives up for good when a reconnect gets an error status (as
 * during a server restart): then this reconnects with backoff, up to 30 s apart.
 */
export function useRunStream(runId: string, enabled: boolean, onRun: (run: ClientRun) => void, onGone?: () => void) {
  const handlers = useRef({ onRun, onGone });
  useEffect(() => {
    handlers.current = { onRun, onGone };
  });

  useEffect(() => {
    if (!enabled) return;
    let source: EventSource | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let stopped = false;
    const connect = () => {
      source = new EventSource(`/api/runs/${runId}/events`);
      source.addEventListener('run', (event) => {
        failures = 0;
        handlers.current.onRun(JSON.parse((event as MessageEvent<string>).data) as ClientRun);
      });
      source.addEventListener('gone', () => {
        source?.close();
        handlers.current.onGone?.();
      });
      source.onerror = () => {
        if (source?.readyState !== EventSource.CLOSED || stopped) return;
        failures++;
        timer = setTimeout(connect, Math.min(30_000, 500 * 2 ** Math.min(failures, 6)));
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
      source?.close();
    };
  }, [runId, enabled]);
}
