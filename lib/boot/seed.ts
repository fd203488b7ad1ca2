import { randomBytes } from 'node:crypto';
import type { Sql } from 'postgres';
import { createAuthUser } from '@/lib/auth/accounts';

export const DEMO_WORKSPACE = 'Demo';
export const DEFAULT_ADMIN_EMAIL = 'admin@recall.local';

export type SeedResult = { workspaceId: string; createdWorkspace: boolean; adminEmail: string | null; generatedPassword: string | null };

// Tests and the bench create accounts through the seed module too.
export { createAuthUser };

/**
 * First boot: the Demo workspace and its admin. Later boots change nothing, except that a
 * RECALL_ADMIN_EMAIL not yet known is added as an admin of the Demo workspace.
 */
export async function seed(
  sql: Sql,
  options: { adminEmail?: string; adminPassword?: string; createUsers: boolean },
): Promise<SeedResult> {
  return sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtext('recall.seed'))`;
    let [workspace] = await tx<{ id: string }[]>`select id from public.workspaces order by created_at limit 1`;
    const createdWorkspace = !workspace;
    workspace ??= (await tx<{ id: string }[]>`insert into public.workspaces (name) values (${DEMO_WORKSPACE}) returning id`)[0]!;

    const [{ users } = { users: 0 }] = await tx<{ users: number }[]>`select count(*)::int as users from auth.users`;
    const email = options.adminEmail?.toLowerCase() ?? (users === 0 ? DEFAULT_ADMIN_EMAIL : null);
    if (!email) return { workspaceId: workspace.id, createdWorkspace, adminEmail: null, generatedPassword: null };

    const [existing] = await tx<{ id: string; confirmed: boolean }[]>`
      select id, email_confirmed_at is not null as confirmed from auth.users where lower(email) = ${email}`;
    // Only a confirmed address may be promoted: with open sign-ups, anyone could register it first.
    if (existing && !existing.confirmed) return { workspaceId: workspace.id, createdWorkspace, adminEmail: null, generatedPassword: null };
    let user = existing ? { id: existing.id } : undefined;
    let generatedPassword: string | null = null;
    if (!user) {
      if (!options.createUsers) return { workspaceId: workspace.id, createdWorkspace, adminEmail: null, generatedPassword: null };
      const password = options.adminPassword ?? (generatedPassword = randomBytes(12).toString('base64url'));
      user = { id: await createAuthUser(tx as unknown as Sql, email, password) };
    }
    // An admin who belongs nowhere (new, or signed up through Supabase Auth) gets the Demo workspace.
    await tx`insert into public.workspace_members (workspace_id, user_id, role)
             select ${workspace.id}, ${user.id}, 'admin'
             where not exists (select 1 from public.workspace_members where user_id = ${user.id})`;
    return { workspaceId: workspace.id, createdWorkspace, adminEmail: email, generatedPassword };
  }) as Promise<SeedResult>;
}
