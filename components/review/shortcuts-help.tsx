'use client';

import { KeyboardIcon } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from '@/components/ui/dialog';

export const SHORTCUTS: { keys: string[]; does: string }[] = [
  { keys: ['j', '↓'], does: 'Next pair' },
  { keys: ['k', '↑'], does: 'Previous pair' },
  { keys: ['a'], does: 'Approve the pair, go to the next' },
  { keys: ['r'], does: 'Reject the pair, go to the next' },
  { keys: ['u'], does: 'Reset the pair to pending' },
  { keys: ['e'], does: 'Edit the question (Enter saves and approves, Escape cancels)' },
  { keys: ['x'], does: 'Select or unselect the pair' },
  { keys: ['?'], does: 'Show these shortcuts' },
];

/** The review shortcuts, from a button or the ? key. */
export function ShortcutsHelp({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="ghost" size="sm"><KeyboardIcon aria-hidden />Shortcuts</Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Keyboard review</DialogTitle>
          <DialogDescription>Each decision is saved at once. Shortcuts work whenever you are not typing in a field.</DialogDescription>
        </DialogHeader>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
          {SHORTCUTS.map((s) => (
            <div key={s.does} className="contents">
              <dt className="flex gap-1">{s.keys.map((k) => <kbd key={k} className="bg-muted rounded border px-1.5 font-mono text-xs">{k}</kbd>)}</dt>
              <dd>{s.does}</dd>
            </div>
          ))}
        </dl>
      </DialogContent>
    </Dialog>
  );
}
