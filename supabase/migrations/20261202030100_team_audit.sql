-- Who changed a team, and when: every membership change (and every workspace created or
-- renamed) is written by triggers to an append-only log that the workspace's admins read.
-- Triggers, not the app, so a change made in Studio or SQL is recorded too.

create table public.membership_events (
  id bigint generated always as identity primary key,
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  actor_id uuid,
  actor text not null check (char_length(actor) between 1 and 320),
  action text not null check (action in (
    'workspace_created', 'workspace_renamed', 'member_added', 'role_changed', 'member_removed', 'member_left',
    'invitation_created', 'invitation_revoked', 'invitation_accepted')),
  subject_id uuid,
  subject text,
  from_role text check (from_role in ('admin', 'viewer')),
  to_role text check (to_role in ('admin', 'viewer')),
  details jsonb not null default '{}',
  created_at timestamptz not null default now()
);
comment on table public.membership_events is 'Audit log of a workspace''s team: members added, roles changed, members removed or leaving, invitations, renames. Append-only; read by the workspace''s admins.';
comment on column public.membership_events.actor_id is 'Who did it (auth.users id); null for the system (seeding, SQL without a signed-in user).';
comment on column public.membership_events.actor is 'Who did it, as shown: their email, or "system".';
comment on column public.membership_events.subject_id is 'Whom it concerned (auth.users id), when a user; kept after that user is deleted.';
comment on column public.membership_events.subject is 'Whom or what it concerned, as shown: an email, or a workspace name.';
comment on column public.membership_events.details is 'Anything else worth keeping (the old and new name of a rename, an invitation id).';
create index membership_events_workspace_id_created_at_idx on public.membership_events (workspace_id, created_at desc, id desc);

alter table public.membership_events enable row level security;
revoke all on public.membership_events from public, anon, authenticated;
grant select on public.membership_events to authenticated;
grant all on public.membership_events to service_role;
create policy "Admins can read their workspaces' team log" on public.membership_events
  for select to authenticated using (workspace_id in (select private.admin_workspace_ids()));

-- The acting user: the request's (auth.uid()), or the one a privileged caller names for the
-- transaction (recall.actor_id: the auth server accepting an invitation on the invitee's behalf).
create function private.actor_id() returns uuid
language sql stable set search_path = '' as $$
  select coalesce((select auth.uid()), nullif(current_setting('recall.actor_id', true), '')::uuid)
$$;
comment on function private.actor_id() is 'The user a change is attributed to: auth.uid(), else the transaction''s recall.actor_id, else null (the system).';
revoke all on function private.actor_id() from public;

create function private.audit(
  workspace uuid, action text, subject_id uuid, subject text, from_role text, to_role text, details jsonb default '{}')
returns void
language plpgsql security definer set search_path = '' as $$
declare
  who uuid := private.actor_id();
begin
  -- A workspace being deleted takes its log with it; nothing is written about it.
  if not exists (select 1 from public.workspaces w where w.id = workspace) then
    return;
  end if;
  insert into public.membership_events (workspace_id, actor_id, actor, action, subject_id, subject, from_role, to_role, details)
  values (workspace, who, coalesce((select u.email from auth.users u where u.id = who), 'system'),
          action, subject_id, subject, from_role, to_role, coalesce(details, '{}'));
end
$$;
comment on function private.audit(uuid, text, uuid, text, text, text, jsonb) is 'Appends one entry to a workspace''s team log, attributed to private.actor_id().';
revoke all on function private.audit(uuid, text, uuid, text, text, text, jsonb) from public;

create function private.audit_membership() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  row_ public.workspace_members := coalesce(new, old);
  email text := (select u.email from auth.users u where u.id = row_.user_id);
begin
  if tg_op = 'INSERT' then
    perform private.audit(new.workspace_id, 'member_added', new.user_id, email, null, new.role);
  elsif tg_op = 'UPDATE' then
    if new.role is distinct from old.role then
      perform private.audit(new.workspace_id, 'role_changed', new.user_id, email, old.role, new.role);
    end if;
  else
    perform private.audit(old.workspace_id, case when old.user_id = private.actor_id() then 'member_left' else 'member_removed' end,
                          old.user_id, email, old.role, null);
  end if;
  return null;
end
$$;
comment on function private.audit_membership() is 'Trigger: writes member added, role changed, member removed or left to the team log.';
revoke all on function private.audit_membership() from public;
create trigger workspace_members_audit after insert or update or delete on public.workspace_members
  for each row execute function private.audit_membership();

create function private.audit_workspace() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if new.name is distinct from old.name then
    perform private.audit(new.id, 'workspace_renamed', null, new.name, null, null, jsonb_build_object('from', old.name, 'to', new.name));
  end if;
  return null;
end
$$;
comment on function private.audit_workspace() is 'Trigger: writes a workspace''s renames to its team log.';
revoke all on function private.audit_workspace() from public;
create trigger workspaces_audit after update on public.workspaces
  for each row execute function private.audit_workspace();

comment on column public.membership_events.id is 'Order of entry.';
comment on column public.membership_events.workspace_id is 'The workspace whose team changed.';
comment on column public.membership_events.action is 'What happened: workspace_created, workspace_renamed, member_added, role_changed, member_removed, member_left, invitation_created, invitation_revoked, invitation_accepted.';
comment on column public.membership_events.from_role is 'The role before (role changes, removals).';
comment on column public.membership_events.to_role is 'The role after (additions, role changes, invitations).';
comment on column public.membership_events.created_at is 'When it happened.';
