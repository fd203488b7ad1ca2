'use client';

import { PlusIcon } from 'lucide-react';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { NewWorkspaceDialog } from './new-workspace-dialog';

/** For someone in no workspace yet: start one. */
export function NewWorkspaceButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>
        <PlusIcon aria-hidden /> New workspace
      </Button>
      <NewWorkspaceDialog open={open} onOpenChange={setOpen} />
    </>
  );
}
