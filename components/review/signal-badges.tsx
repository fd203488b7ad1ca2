'use client';

import { Badge } from '@/components/ui/badge';
import { Tooltip, TooltipContent, TooltipTrigger } from '@/components/ui/tooltip';
import { raisedSignals, SIGNAL_LABELS, type PairSignalsView } from '@/lib/review/signal-kinds';

/** A pair's raised signals as small badges; each explains itself on hover or focus. */
export function SignalBadges({ signals }: { signals: PairSignalsView | null }) {
  if (!signals) {
    return <Badge variant="outline" className="text-muted-foreground font-normal">{SIGNAL_LABELS.unchecked.label}</Badge>;
  }
  const raised = raisedSignals(signals);
  if (raised.length === 0) return null;
  return (
    <ul aria-label="Signals" className="flex flex-wrap gap-1">
      {raised.map(({ signal, detail }) => (
        <li key={signal}>
          <Tooltip>
            <TooltipTrigger asChild>
              <Badge variant="warning" tabIndex={0} className="cursor-help font-normal" data-signal={signal}>
                {SIGNAL_LABELS[signal].label}
              </Badge>
            </TooltipTrigger>
            <TooltipContent className="max-w-xs">
              <p className="font-medium">{detail}</p>
              <p>{SIGNAL_LABELS[signal].explain}</p>
            </TooltipContent>
          </Tooltip>
        </li>
      ))}
    </ul>
  );
}
