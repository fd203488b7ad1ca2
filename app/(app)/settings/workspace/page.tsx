import type { Metadata } from 'next';
import { AddMemberForm } from '@/components/settings/add-member-form';
import { InvitationsList } from '@/components/settings/invitations-list';
import { MembersTable } from '@/components/settings/members-table';
import { RenameWorkspaceForm } from '@/components/settings/rename-workspace-form';
import { TeamLog } from '@/components/settings/team-log';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { authMode } from '@/lib/env';
import { listMembershipEvents } from '@/lib/workspaces/audit';
import { currentWorkspace } from '@/lib/workspaces/current';
import { listTeam } from '@/lib/workspaces/members';

export const metadata: Metadata = { title: 'Workspace settings' };

/** Members, roles and invitations of the current workspace; viewers see the team read-only. */
export default async function WorkspaceSettingsPage() {
  const { user, current: workspace } = await currentWorkspace();
  if (!workspace) return null; // the layout shows the no-workspace state
  const isAdmin = workspace.role === 'admin';
  const [team, events] = await Promise.all([listTeam(user, workspace.id), isAdmin ? listMembershipEvents(user, workspace.id) : Promise.resolve([])]);
  const members = team.members.map((m) => ({ ...m, joined_at: m.joined_at.toISOString(), last_sign_in_at: m.last_sign_in_at?.toISOString() ?? null }));
  const invitations = team.invitations.map((i) => ({ id: i.id, email: i.email, role: i.role, expires_at: i.expires_at.toISOString(), invited_by_email: i.invited_by_email }));

  return (
    <div className="grid gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Workspace settings</h1>
        <p className="text-muted-foreground text-sm">
          {isAdmin ? 'Name, members and their roles.' : 'You are a viewer here: the team is shown read-only. Ask an admin to change it.'}
        </p>
      </div>

      {isAdmin && (
        <Card>
          <CardHeader>
            <CardTitle>Name</CardTitle>
          </CardHeader>
          <CardContent>
            <RenameWorkspaceForm workspaceId={workspace.id} name={workspace.name} />
          </CardContent>
        </Card>
      )}

      <Card>
        <CardHeader>
          <CardTitle>Members</CardTitle>
          <CardDescription>
            Admins manage corpora, runs and the team; viewers read everything and change nothing. A workspace always keeps at least one admin.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-6">
          <MembersTable workspaceId={workspace.id} workspaceName={workspace.name} members={members} me={user.id} canManage={isAdmin} />
          {isAdmin && (
            <div className="grid gap-2">
              <h2 className="text-sm font-medium">Add a member</h2>
              <p className="text-muted-foreground text-sm">
                {authMode() === 'supabase'
                  ? 'People sign up through Supabase Auth first; add them here by the email of their account.'
                  : 'Someone with an account is added at once; for an email without one you get an invitation link to send them.'}
              </p>
              <AddMemberForm workspaceId={workspace.id} />
            </div>
          )}
        </CardContent>
      </Card>

      {isAdmin && (
        <Card>
          <CardHeader>
            <CardTitle>Open invitations</CardTitle>
            <CardDescription>Each link works once, until it expires or is revoked.</CardDescription>
          </CardHeader>
          <CardContent>
            <InvitationsList workspaceId={workspace.id} invitations={invitations} />
          </CardContent>
        </Card>
      )}

      {isAdmin && (
        <Card>
          <CardHeader>
            <CardTitle>Team log</CardTitle>
            <CardDescription>Every membership change, who made it and when (newest first).</CardDescription>
          </CardHeader>
          <CardContent>
            <TeamLog events={events} />
          </CardContent>
        </Card>
      )}
    </div>
  );
}
