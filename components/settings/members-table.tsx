'use client';

import { LogOutIcon, UserMinusIcon } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { toast } from 'sonner';
import { changeRoleAction, leaveWorkspaceAction, removeMemberAction } from '@/lib/actions/workspaces';
import { Badge } from '@/components/ui/badge';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { formatDate } from '@/components/runs/format';
import { ConfirmButton } from './confirm-button';
import { RoleSelect } from './role-select';

export type MemberRow = { user_id: string; email: string; role: 'admin' | 'viewer'; joined_at: string; last_sign_in_at: string | null };

/** The team: role changes and removals for admins; everyone can leave; viewers read only. */
export function MembersTable({ workspaceId, workspaceName, members, me, canManage }: { workspaceId: string; workspaceName: string; members: MemberRow[]; me: string; canManage: boolean }) {
  return (
    <Table aria-label="Members">
      <TableHeader>
        <TableRow>
          <TableHead>Email</TableHead>
          <TableHead>Role</TableHead>
          <TableHead>Last sign-in</TableHead>
          <TableHead>Joined</TableHead>
          <TableHead><span className="sr-only">Actions</span></TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {members.map((m) => (
          <TableRow key={m.user_id}>
            <TableCell className="font-medium">
              {m.email} {m.user_id === me && <Badge variant="secondary">you</Badge>}
            </TableCell>
            <TableCell>{canManage ? <RoleCell workspaceId={workspaceId} member={m} /> : <span className="capitalize">{m.role}</span>}</TableCell>
            <TableCell className="text-muted-foreground text-sm">{m.last_sign_in_at ? formatDate(m.last_sign_in_at) : 'never'}</TableCell>
            <TableCell className="text-muted-foreground text-sm">{formatDate(m.joined_at)}</TableCell>
            <TableCell className="text-right">
              {m.user_id === me ? (
                <ConfirmButton
                  label={<><LogOutIcon aria-hidden /> Leave</>}
                  aria-label={`Leave ${workspaceName}`}
                  title={`Leave “${workspaceName}”?`}
                  description="You lose access to its corpora and runs at once. An admin can add you again. The last admin cannot leave."
                  confirm="Leave workspace"
                  run={() => leaveWorkspaceAction(workspaceId)}
                />
              ) : (
                canManage && (
                  <ConfirmButton
                    label={<UserMinusIcon aria-hidden />}
                    aria-label={`Remove ${m.email}`}
                    className="text-destructive"
                    title={`Remove ${m.email}?`}
                    description="Their access to this workspace ends at once, in every open tab and script. Their account and other workspaces stay."
                    confirm="Remove member"
                    run={() => removeMemberAction(workspaceId, m.user_id)}
                  />
                )
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function RoleCell({ workspaceId, member }: { workspaceId: string; member: MemberRow }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <RoleSelect
      aria-label={`Role of ${member.email}`}
      value={member.role}
      disabled={pending}
      onChange={(event) => {
        const role = event.currentTarget.value;
        start(async () => {
          const result = await changeRoleAction(workspaceId, member.user_id, role);
          if (result.ok) toast.success(result.message);
          else toast.error(result.message);
          router.refresh();
        });
      }}
    />
  );
}
