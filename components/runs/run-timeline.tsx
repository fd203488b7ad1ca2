import type { RunEvent } from '@/lib/runs/detail';
import { formatTime } from './format';
import { statusAppearance } from './run-status';

const label = (status: RunEvent['to_status']) => statusAppearance(status).label;

/** What an event did, in words: "created the run", "moved it from Cancelled to Generating", "noted". */
function summary(event: RunEvent) {
  if (event.from_status === null) return <>created the run <span className="text-muted-foreground">({label(event.to_status)})</span></>;
  if (event.from_status === event.to_status) return <>while {label(event.to_status).toLowerCase()}</>;
  return (
    <>
      moved it from <span className="font-medium">{label(event.from_status)}</span> to <span className="font-medium">{label(event.to_status)}</span>
    </>
  );
}

/** The run's transitions, newest first. */
export function RunTimeline({ events }: { events: RunEvent[] }) {
  return (
    <ol className="grid gap-3" aria-label="Run events" data-testid="timeline">
      {events.map((event) => (
        <li key={event.id} className="grid gap-0.5 border-l-2 pl-3">
          <p className="text-sm break-words">
            <span className="font-medium">{event.actor}</span> {summary(event)}
          </p>
          {event.message && <p className="text-muted-foreground text-sm break-words">{event.message}</p>}
          <time className="text-muted-foreground text-xs" dateTime={new Date(event.at).toISOString()}>{formatTime(event.at)}</time>
        </li>
      ))}
    </ol>
  );
}
