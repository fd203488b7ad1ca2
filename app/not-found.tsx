import { CompassIcon } from 'lucide-react';
import Link from 'next/link';
import { PageMessage } from '@/components/shell/page-message';
import { Button } from '@/components/ui/button';

export default function NotFound() {
  return (
    <PageMessage
      icon={CompassIcon}
      title="Page not found"
      action={
        <Button asChild>
          <Link href="/">Back to the dashboard</Link>
        </Button>
      }
    >
      This page does not exist, or it belongs to a workspace you are not a member of.
    </PageMessage>
  );
}
