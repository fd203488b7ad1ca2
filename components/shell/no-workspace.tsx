import { LogOutIcon, UsersIcon } from 'lucide-react';
import { signOut } from '@/lib/actions/session';
import { Button } from '@/components/ui/button';
import { PageMessage } from './page-message';

export function NoWorkspace({ email }: { email: string }) {
  return (
    <PageMessage
      icon={UsersIcon}
      title="No workspace yet"
      action={
        <form action={signOut}>
          <Button variant="outline" type="submit">
            <LogOutIcon aria-hidden /> Sign out
          </Button>
        </form>
      }
    >
      {email} is signed in but does not belong to any workspace. Ask a workspace admin to add you.
    </PageMessage>
  );
}
