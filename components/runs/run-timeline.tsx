import type { RunEvent } from '@/lib/runs/detail';
import { formatDate } from './format';
import { statusAppearance } from './run-status';

/** The run's transitions, newest first. */
export function RunTimeline({ events }: { events: RunEvent[] }) {
  return (
    <ol className="grid gap-3" aria-label="Run events" data-testid="timeline">
      {events.map((event) => (
        <li key={event.id} className="grid gap-0.5 border-l-2 pl-3">
          <p className="text-sm">
            <span className="font-medium">{event.actor}</span>{' '}
            {event.from_status === null
              ? `created the run (${statusAppearance(event.to_status).label.toLowerCase()})`
              : event.from_status === event.to_status
                ? 'noted'
                : `${statusAppearance(event.from_status).label.toLowerCase()} → ${statusAppearance(event.to_status).label.toLowerCase()}`}
          </p>
          {event.message && <p className="text-muted-foreground text-sm">{event.message}</p>}
          <time className="text-muted-foreground text-xs" dateTime={new Date(event.at).toISOString()}>{formatDate(event.at)}</time>
        </li>
      ))}
    </ol>
  );
}
