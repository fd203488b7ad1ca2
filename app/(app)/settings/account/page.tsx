import { LogOutIcon } from 'lucide-react';
import type { Metadata } from 'next';
import { ChangePasswordForm } from '@/components/settings/change-password-form';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { signOut } from '@/lib/actions/session';
import { authMode } from '@/lib/env';
import { currentWorkspace } from '@/lib/workspaces/current';

export const metadata: Metadata = { title: 'Account settings' };

export default async function AccountSettingsPage() {
  const { user, memberships } = await currentWorkspace();
  const supabase = authMode() === 'supabase';
  return (
    <div className="grid gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Account settings</h1>
        <p className="text-muted-foreground text-sm">
          Signed in as <span className="text-foreground font-medium">{user.email}</span>, member of {memberships.length}{' '}
          {memberships.length === 1 ? 'workspace' : 'workspaces'}.
        </p>
      </div>
      <Card>
        <CardHeader>
          <CardTitle>Password</CardTitle>
          <CardDescription>
            {supabase ? 'Passwords are managed by Supabase Auth in this deployment.' : 'Changing it signs out your other sessions.'}
          </CardDescription>
        </CardHeader>
        {!supabase && (
          <CardContent>
            <ChangePasswordForm />
          </CardContent>
        )}
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Sessions</CardTitle>
          <CardDescription>
            Signing out ends the session on the server: its token stops working at once, for the dashboard, the API and open live updates.
          </CardDescription>
        </CardHeader>
        <CardContent className="flex flex-wrap gap-2">
          <form action={signOut}>
            <Button variant="outline" type="submit">
              <LogOutIcon aria-hidden /> Sign out
            </Button>
          </form>
          <form action={signOut}>
            <input type="hidden" name="scope" value="global" />
            <Button variant="destructive" type="submit">
              <LogOutIcon aria-hidden /> Sign out everywhere
            </Button>
          </form>
        </CardContent>
      </Card>
    </div>
  );
}
