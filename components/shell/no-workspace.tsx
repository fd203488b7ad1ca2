import { LogOutIcon, UsersIcon } from 'lucide-react';
import { NewWorkspaceButton } from '@/components/settings/new-workspace-button';
import { signOut } from '@/lib/actions/session';
import { Button } from '@/components/ui/button';
import { PageMessage } from './page-message';

export function NoWorkspace({ email }: { email: string }) {
  return (
    <PageMessage
      icon={UsersIcon}
      title="No workspace yet"
      action={
        <div className="flex flex-wrap justify-center gap-2">
          <NewWorkspaceButton />
          <form action={signOut}>
            <Button variant="outline" type="submit">
              <LogOutIcon aria-hidden /> Sign out
            </Button>
          </form>
        </div>
      }
    >
      {email} is signed in but does not belong to any workspace. Ask a workspace admin to add you, or start a workspace of your own.
    </PageMessage>
  );
}
