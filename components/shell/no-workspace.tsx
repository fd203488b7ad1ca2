import { LogOutIcon, UsersIcon } from 'lucide-react';
import { signOut } from '@/app/(app)/actions';
import { Button } from '@/components/ui/button';
import { Empty, EmptyContent, EmptyDescription, EmptyHeader, EmptyMedia, EmptyTitle } from '@/components/ui/empty';

export function NoWorkspace({ email }: { email: string }) {
  return (
    <main className="grid min-h-dvh place-items-center px-4">
      <Empty>
        <EmptyHeader>
          <EmptyMedia variant="icon">
            <UsersIcon />
          </EmptyMedia>
          <EmptyTitle>No workspace yet</EmptyTitle>
          <EmptyDescription>
            {email} is signed in but does not belong to any workspace. Ask a workspace admin to add you.
          </EmptyDescription>
        </EmptyHeader>
        <EmptyContent>
          <form action={signOut}>
            <Button variant="outline" type="submit">
              <LogOutIcon aria-hidden /> Sign out
            </Button>
          </form>
        </EmptyContent>
      </Empty>
    </main>
  );
}
