import type { Invitation, NewInvitation } from './invitations';
import type { Member } from './members';
import type { Workspace } from './workspaces';

/** The API's shapes of the team objects (dates as ISO strings). */
export const workspaceJson = (w: Pick<Workspace, 'id' | 'name' | 'role'>) => ({ id: w.id, name: w.name, role: w.role });

export const memberJson = (m: Member) => ({
  user_id: m.user_id,
  email: m.email,
  role: m.role,
  joined_at: m.joined_at.toISOString(),
  last_sign_in_at: m.last_sign_in_at?.toISOString() ?? null,
});

export const invitationJson = (i: Invitation | NewInvitation) => ({
  id: i.id,
  email: i.email,
  role: i.role,
  created_at: i.created_at.toISOString(),
  expires_at: i.expires_at.toISOString(),
  ...('url' in i ? { url: i.url } : {}),
});
