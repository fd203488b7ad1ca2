'use client';

import { useEffect, useRef } from 'react';
import type { ClientRun } from '@/lib/runs/client-run';
import { followEvents } from './event-source';

/** Follows one run over Server-Sent Events while `enabled` (the run page). */
export function useRunStream(runId: string, enabled: boolean, onRun: (run: ClientRun) => void, onGone?: () => void) {
  const handlers = useRef({ onRun, onGone });
  useEffect(() => {
    handlers.current = { onRun, onGone };
  });
  useEffect(() => {
    if (!enabled) return;
    return followEvents(`/api/runs/${runId}/events`, {
      run: (run) => handlers.current.onRun(run as ClientRun),
      gone: () => handlers.current.onGone?.(),
    });
  }, [runId, enabled]);
}
