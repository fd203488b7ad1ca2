import type { RunView } from './run-row';

type DateKeys = 'created_at' | 'started_at' | 'finished_at' | 'updated_at' | 'continued_at' | 'phase_started_at';

/** A run as the browser holds it: what the API and the event stream send (dates as ISO strings). */
export type ClientRun = Omit<RunView, DateKeys> & {
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  updated_at: string;
  continued_at: string | null;
  phase_started_at: string | null;
};

/** Working time so far (generating and training, not waiting), as of `now`. */
export function activeMs(run: Pick<ClientRun, 'active_ms' | 'phase_started_at'>, now: number): number {
  return run.active_ms + (run.phase_started_at ? Math.max(0, now - new Date(run.phase_started_at).getTime()) : 0);
}

export function toClientRun(run: RunView): ClientRun {
  return JSON.parse(JSON.stringify(run)) as ClientRun;
}

/** The fresher of two snapshots of the same run (by updated_at; equal → the second). */
export function fresher(a: ClientRun | undefined, b: ClientRun): ClientRun {
  if (!a) return b;
  return new Date(a.updated_at).getTime() > new Date(b.updated_at).getTime() ? a : b;
}
