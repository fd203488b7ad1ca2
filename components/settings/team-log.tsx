import { formatDate } from '@/components/runs/format';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { MembershipEvent } from '@/lib/workspaces/audit';

const roleWord = (role: string | null) => (role === 'admin' ? 'admin' : role === 'viewer' ? 'viewer' : (role ?? ''));

/** One sentence per team log entry, in the words an admin would use. */
export function describeMembershipEvent(e: Pick<MembershipEvent, 'action' | 'subject' | 'from_role' | 'to_role' | 'details'>): string {
  const who = e.subject ?? 'someone';
  switch (e.action) {
    case 'workspace_created':
      return `created the workspace “${who}”`;
    case 'workspace_renamed':
      return `renamed the workspace from “${String(e.details.from ?? '')}” to “${String(e.details.to ?? '')}”`;
    case 'member_added':
      return `added ${who} as ${roleWord(e.to_role)}`;
    case 'role_changed':
      return `changed ${who} from ${roleWord(e.from_role)} to ${roleWord(e.to_role)}`;
    case 'member_removed':
      return `removed ${who} (${roleWord(e.from_role)})`;
    case 'member_left':
      return `left the workspace`;
    case 'invitation_created':
      return `invited ${who} as ${roleWord(e.to_role)}`;
    case 'invitation_revoked':
      return `revoked the invitation of ${who}`;
    case 'invitation_accepted':
      return `accepted the invitation and joined as ${roleWord(e.to_role)}`;
    default:
      return e.action;
  }
}

/** The workspace's team log (admins only; RLS agrees). */
export function TeamLog({ events }: { events: MembershipEvent[] }) {
  if (events.length === 0) return <p className="text-muted-foreground text-sm">No membership changes yet.</p>;
  return (
    <Table aria-label="Team log">
      <TableHeader>
        <TableRow>
          <TableHead>When</TableHead>
          <TableHead>Who</TableHead>
          <TableHead>What</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {events.map((e) => (
          <TableRow key={e.id}>
            <TableCell className="text-muted-foreground text-sm whitespace-nowrap">{formatDate(e.created_at)}</TableCell>
            <TableCell className="text-sm">{e.actor}</TableCell>
            <TableCell className="text-sm">{describeMembershipEvent(e)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
