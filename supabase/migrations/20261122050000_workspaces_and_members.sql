-- Workspaces and their members: the tenancy boundary of every other table.
-- Members read everything in their workspace; admins also write.

create schema if not exists private;
revoke all on schema private from public;
grant usage on schema private to authenticated, service_role;
comment on schema private is 'Helpers used by RLS policies; not exposed through the API.';

create table public.workspaces (
  id uuid primary key default gen_random_uuid(),
  name text not null check (char_length(btrim(name)) between 1 and 100),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.workspaces is 'A team''s space: corpora, runs and members belong to exactly one workspace.';

create table public.workspace_members (
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role text not null check (role in ('admin', 'viewer')),
  created_at timestamptz not null default now(),
  primary key (workspace_id, user_id)
);
comment on table public.workspace_members is 'Who belongs to a workspace and with which role.';
comment on column public.workspace_members.role is 'admin: reads and writes everything in the workspace; viewer: reads only.';
create index workspace_members_user_id_idx on public.workspace_members (user_id);

-- Security definer so that policies on workspace_members itself do not recurse.
create function private.member_workspace_ids() returns setof uuid
language sql stable security definer set search_path = '' as $$
  select m.workspace_id from public.workspace_members m where m.user_id = (select auth.uid())
$$;
comment on function private.member_workspace_ids() is 'Workspaces the signed-in user belongs to, in any role.';

create function private.admin_workspace_ids() returns setof uuid
language sql stable security definer set search_path = '' as $$
  select m.workspace_id from public.workspace_members m where m.user_id = (select auth.uid()) and m.role = 'admin'
$$;
comment on function private.admin_workspace_ids() is 'Workspaces in which the signed-in user is an admin.';

revoke all on function private.member_workspace_ids(), private.admin_workspace_ids() from public;
grant execute on function private.member_workspace_ids(), private.admin_workspace_ids() to authenticated, service_role;

create function private.touch_updated_at() returns trigger
language plpgsql set search_path = '' as $$
begin
  new.updated_at := now();
  return new;
end
$$;
comment on function private.touch_updated_at() is 'Trigger: keeps updated_at current on every update.';
revoke all on function private.touch_updated_at() from public;

create trigger workspaces_touch_updated_at before update on public.workspaces
  for each row execute function private.touch_updated_at();

alter table public.workspaces enable row level security;
alter table public.workspace_members enable row level security;

grant select, update on public.workspaces to authenticated;
grant select, insert, update, delete on public.workspace_members to authenticated;
grant all on public.workspaces, public.workspace_members to service_role;

create policy "Members can read their workspaces" on public.workspaces
  for select to authenticated using (id in (select private.member_workspace_ids()));
create policy "Admins can rename their workspaces" on public.workspaces
  for update to authenticated
  using (id in (select private.admin_workspace_ids()))
  with check (id in (select private.admin_workspace_ids()));

create policy "Members can read the members of their workspaces" on public.workspace_members
  for select to authenticated using (workspace_id in (select private.member_workspace_ids()));
create policy "Admins can add members" on public.workspace_members
  for insert to authenticated with check (workspace_id in (select private.admin_workspace_ids()));
create policy "Admins can change member roles" on public.workspace_members
  for update to authenticated
  using (workspace_id in (select private.admin_workspace_ids()))
  with check (workspace_id in (select private.admin_workspace_ids()));
create policy "Admins can remove members" on public.workspace_members
  for delete to authenticated using (workspace_id in (select private.admin_workspace_ids()));
