-- Teams managed in the app: workspaces created by their users, members added by email,
-- invitations for people without an account (embedded sign-in), members leaving, and a
-- workspace that always keeps an admin.

-- ── A workspace always keeps at least one admin ─────────────────────────────────────────
-- Checked after every change to a member, with the workspace row locked: two admins
-- demoting (or removing) each other at once are serialised, and the second sees the first's
-- change and is refused. The lock is FOR NO KEY UPDATE: it excludes other checks but not the
-- key-share locks that foreign-key checks take on the workspace row (the team log's insert
-- holds one by now), which FOR UPDATE would wait on, deadlocking concurrent demotions. A workspace being deleted, or a user account being deleted, is let
-- through (its members go with it).
create function private.keep_an_admin() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  workspace uuid := old.workspace_id;
begin
  perform 1 from public.workspaces w where w.id = workspace for no key update;
  if not found then
    return null;
  end if;
  if not exists (select 1 from auth.users u where u.id = old.user_id) then
    return null;
  end if;
  if not exists (select 1 from public.workspace_members m where m.workspace_id = workspace and m.role = 'admin') then
    raise exception 'A workspace must keep at least one admin: make someone else an admin first.'
      using errcode = 'P0001', hint = 'recall:last_admin';
  end if;
  return null;
end
$$;
comment on function private.keep_an_admin() is 'Trigger: refuses a change that would leave a workspace without an admin (serialised on the workspace row, so concurrent demotions cannot both pass).';
revoke all on function private.keep_an_admin() from public;
create trigger workspace_members_keep_an_admin after update of role, workspace_id or delete on public.workspace_members
  for each row when (old.role = 'admin') execute function private.keep_an_admin();

-- ── Leaving ─────────────────────────────────────────────────────────────────────────────
create policy "Members can leave their workspaces" on public.workspace_members
  for delete to authenticated using (user_id = (select auth.uid()));

-- ── Creating a workspace ────────────────────────────────────────────────────────────────
-- Users cannot insert workspaces directly (a workspace nobody administers would be
-- unreachable): this creates one with its creator as the admin, in one transaction.
create function private.create_workspace(workspace_name text) returns uuid
language plpgsql volatile security definer set search_path = '' as $$
declare
  me uuid := (select auth.uid());
  workspace uuid;
begin
  if me is null or not exists (select 1 from auth.users u where u.id = me) then
    raise exception 'Sign in first.' using errcode = '42501';
  end if;
  insert into public.workspaces (name) values (btrim(workspace_name)) returning id into workspace;
  perform private.audit(workspace, 'workspace_created', null, btrim(workspace_name), null, null);
  insert into public.workspace_members (workspace_id, user_id, role) values (workspace, me, 'admin');
  return workspace;
end
$$;
comment on function private.create_workspace(text) is 'Creates a workspace whose admin is the signed-in user; answers its id.';

-- ── Members, with the account details only auth.users holds ────────────────────────────
create function private.workspace_member_list(workspace uuid)
returns table (user_id uuid, email text, role text, joined_at timestamptz, last_sign_in_at timestamptz)
language sql stable security definer set search_path = '' as $$
  select m.user_id, u.email::text, m.role, m.created_at, u.last_sign_in_at
  from public.workspace_members m
  join auth.users u on u.id = m.user_id
  where m.workspace_id = workspace and workspace in (select private.member_workspace_ids())
  order by m.role, lower(u.email)
$$;
comment on function private.workspace_member_list(uuid) is 'The members of a workspace the signed-in user belongs to, with their email and last sign-in (from auth.users).';

-- Adding by email needs to find the account, which members cannot read: this looks it up
-- for an admin of the workspace and adds it. Answers the user id, or null when no account
-- has that email (the caller then invites, or says so).
create function private.add_member_by_email(workspace uuid, member_email text, member_role text) returns uuid
language plpgsql volatile security definer set search_path = '' as $$
declare
  member uuid;
begin
  if workspace is null or workspace not in (select private.admin_workspace_ids()) then
    raise exception 'Only workspace admins can add members.' using errcode = '42501';
  end if;
  select u.id into member from auth.users u
  where lower(u.email) = lower(btrim(member_email)) and u.deleted_at is null and not u.is_sso_user
  order by u.created_at limit 1;
  if member is null then
    return null;
  end if;
  insert into public.workspace_members (workspace_id, user_id, role) values (workspace, member, member_role)
  on conflict (workspace_id, user_id) do nothing;
  if not found then
    raise exception 'That person is already a member of this workspace.' using errcode = 'P0001', hint = 'recall:already_member';
  end if;
  return member;
end
$$;
comment on function private.add_member_by_email(uuid, text, text) is 'An admin adds the account with this email as a member; answers its id, or null when no account has the email.';

revoke all on function private.create_workspace(text), private.workspace_member_list(uuid), private.add_member_by_email(uuid, text, text) from public;
grant execute on function private.create_workspace(text), private.workspace_member_list(uuid), private.add_member_by_email(uuid, text, text) to authenticated;

-- ── Invitations (embedded sign-in) ──────────────────────────────────────────────────────
create table public.workspace_invitations (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  email text not null check (email = lower(email) and char_length(email) between 3 and 320),
  role text not null check (role in ('admin', 'viewer')),
  token_hash bytea not null unique check (octet_length(token_hash) = 32),
  invited_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  accepted_at timestamptz,
  accepted_by uuid references auth.users (id) on delete set null,
  revoked_at timestamptz,
  check (expires_at > created_at),
  check (accepted_at is null or revoked_at is null)
);
comment on table public.workspace_invitations is 'Single-use links that let someone without an account join a workspace (embedded sign-in): they set a password and become a member with the role. Only a hash of the token is stored.';
comment on column public.workspace_invitations.email is 'Who is invited (lower case); the account is created with this email.';
comment on column public.workspace_invitations.role is 'The role the invitee gets: admin or viewer.';
comment on column public.workspace_invitations.token_hash is 'sha256 of the link''s token; the token itself is shown once, to the admin who invited.';
comment on column public.workspace_invitations.expires_at is 'After this the link no longer works.';
comment on column public.workspace_invitations.accepted_at is 'When the link was used (it works once).';
comment on column public.workspace_invitations.revoked_at is 'When an admin revoked the link, or replaced it with a newer one.';
create unique index workspace_invitations_one_open_idx on public.workspace_invitations (workspace_id, email)
  where accepted_at is null and revoked_at is null;
create index workspace_invitations_invited_by_idx on public.workspace_invitations (invited_by);
create index workspace_invitations_accepted_by_idx on public.workspace_invitations (accepted_by);

alter table public.workspace_invitations enable row level security;
revoke all on public.workspace_invitations from public, anon, authenticated;
grant select on public.workspace_invitations to authenticated;
grant all on public.workspace_invitations to service_role;
create policy "Admins can read their workspaces' invitations" on public.workspace_invitations
  for select to authenticated using (workspace_id in (select private.admin_workspace_ids()));

create function private.create_invitation(workspace uuid, invitee text, invitee_role text, token bytea, valid_for interval)
returns public.workspace_invitations
language plpgsql volatile security definer set search_path = '' as $$
declare
  invitation public.workspace_invitations;
  address text := lower(btrim(invitee));
begin
  if workspace is null or workspace not in (select private.admin_workspace_ids()) then
    raise exception 'Only workspace admins can invite.' using errcode = '42501';
  end if;
  if valid_for is null or valid_for <= interval '0' or valid_for > interval '30 days' then
    raise exception 'An invitation is valid for up to 30 days.' using errcode = '22023';
  end if;
  -- A new link for the same person replaces the open one.
  update public.workspace_invitations i set revoked_at = now()
  where i.workspace_id = workspace and i.email = address and i.accepted_at is null and i.revoked_at is null;
  insert into public.workspace_invitations (workspace_id, email, role, token_hash, invited_by, expires_at)
  values (workspace, address, invitee_role, token, (select auth.uid()), now() + valid_for)
  returning * into invitation;
  perform private.audit(workspace, 'invitation_created', null, address, null, invitee_role,
                        jsonb_build_object('invitation_id', invitation.id, 'expires_at', invitation.expires_at));
  return invitation;
end
$$;
comment on function private.create_invitation(uuid, text, text, bytea, interval) is 'An admin invites an email with a role; the open invitation for the same email is replaced. The caller keeps the token, the database only its hash.';

create function private.revoke_invitation(workspace uuid, invitation_id uuid) returns public.workspace_invitations
language plpgsql volatile security definer set search_path = '' as $$
declare
  invitation public.workspace_invitations;
begin
  update public.workspace_invitations i set revoked_at = now()
  where i.id = invitation_id and i.workspace_id = workspace and i.accepted_at is null and i.revoked_at is null
    and workspace in (select private.admin_workspace_ids())
  returning * into invitation;
  if invitation.id is not null then
    perform private.audit(invitation.workspace_id, 'invitation_revoked', null, invitation.email, null, invitation.role,
                          jsonb_build_object('invitation_id', invitation.id));
  end if;
  return invitation;
end
$$;
comment on function private.revoke_invitation(uuid, uuid) is 'An admin revokes an open invitation of their workspace; answers it, or a null row when there is no such open invitation.';

revoke all on function private.create_invitation(uuid, text, text, bytea, interval), private.revoke_invitation(uuid, uuid) from public;
grant execute on function private.create_invitation(uuid, text, text, bytea, interval), private.revoke_invitation(uuid, uuid) to authenticated;
create index workspace_invitations_workspace_id_idx on public.workspace_invitations (workspace_id, created_at desc);
comment on column public.workspace_invitations.id is 'The invitation (its link carries a token, not this id).';
comment on column public.workspace_invitations.workspace_id is 'The workspace the invitee joins.';
comment on column public.workspace_invitations.invited_by is 'The admin who invited (auth.users).';
comment on column public.workspace_invitations.created_at is 'When the invitation was made.';
comment on column public.workspace_invitations.accepted_by is 'The account that accepted (auth.users).';
