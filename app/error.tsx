'use client';

import { TriangleAlertIcon } from 'lucide-react';
import { PageMessage } from '@/components/shell/page-message';
import { Button } from '@/components/ui/button';

// Shows no error details: messages of server errors may carry internals. The digest
// lets an operator find the full error in the server log.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <PageMessage icon={TriangleAlertIcon} title="Something went wrong" action={<Button onClick={reset}>Try again</Button>}>
      The page could not be shown. Try again; if it keeps failing, the server log has the details
      {error.digest ? ` (reference ${error.digest})` : ''}.
    </PageMessage>
  );
}
