'use client';

import { XIcon } from 'lucide-react';
import { revokeInvitationAction } from '@/lib/actions/workspaces';
import { formatDate } from '@/components/runs/format';
import { ConfirmButton } from './confirm-button';

export type InvitationRow = { id: string; email: string; role: string; expires_at: string; invited_by_email: string | null };

/** Open invitations (admins): who, as what, until when; each can be revoked. */
export function InvitationsList({ workspaceId, invitations }: { workspaceId: string; invitations: InvitationRow[] }) {
  if (invitations.length === 0) return <p className="text-muted-foreground text-sm">No open invitations.</p>;
  return (
    <ul className="grid gap-1 text-sm" aria-label="Open invitations">
      {invitations.map((i) => (
        <li key={i.id} className="flex items-center justify-between gap-2 border-b py-1 last:border-0">
          <span>
            <span className="font-medium">{i.email}</span> <span className="text-muted-foreground">as {i.role}, expires {formatDate(i.expires_at)}{i.invited_by_email ? `, invited by ${i.invited_by_email}` : ''}</span>
          </span>
          <ConfirmButton
            label={<><XIcon aria-hidden /> Revoke</>}
            aria-label={`Revoke the invitation of ${i.email}`}
            title={`Revoke the invitation of ${i.email}?`}
            description="The link stops working at once. Add the email again for a new link."
            confirm="Revoke invitation"
            run={() => revokeInvitationAction(workspaceId, i.id)}
          />
        </li>
      ))}
    </ul>
  );
}
