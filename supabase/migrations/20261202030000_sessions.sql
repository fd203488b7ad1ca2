-- Sessions that can be revoked. A token is only as good as its session: every access token
-- names one (claim session_id, as GoTrue issues them), and the check behind every request
-- now also requires that session row in auth.sessions (GoTrue's table; the compatibility
-- bootstrap creates it locally). Sign-out deletes the row, so a signed-out token is refused
-- on its next request: one primary-key lookup, no cache, no grace period.

create or replace function private.current_session_id() returns uuid
language sql stable set search_path = '' as $$
  select case when (auth.jwt() ->> 'session_id') ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
              then (auth.jwt() ->> 'session_id')::uuid end
$$;
comment on function private.current_session_id() is 'The session the request''s token names (claim session_id), or null when it names none or no valid id.';
revoke all on function private.current_session_id() from public;
grant execute on function private.current_session_id() to authenticated, service_role;

create or replace function private.current_user_is_live() returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1
    from auth.users u
    join auth.sessions s on s.user_id = u.id and s.id = private.current_session_id()
    where u.id = (select auth.uid())
      and u.deleted_at is null
      and (u.banned_until is null or u.banned_until <= now())
      and (s.not_after is null or s.not_after > now()))
$$;
comment on function private.current_user_is_live() is 'Whether the signed-in user (auth.uid()) still exists, is not banned, and the token''s session (claim session_id) has not ended: tokens of deleted or banned users and of ended sessions are refused.';

-- Ending sessions is the user's own business: these act on auth.uid()'s sessions only.
create function private.end_current_session() returns integer
language sql volatile security definer set search_path = '' as $$
  with gone as (
    delete from auth.sessions where id = private.current_session_id() and user_id = (select auth.uid()) returning 1)
  select count(*)::integer from gone
$$;
comment on function private.end_current_session() is 'Sign-out: ends the session the request''s token names. Answers how many sessions ended (0 or 1).';

create function private.end_my_sessions(keep_current boolean) returns integer
language sql volatile security definer set search_path = '' as $$
  with gone as (
    delete from auth.sessions
    where user_id = (select auth.uid())
      and (not keep_current or id is distinct from private.current_session_id())
    returning 1)
  select count(*)::integer from gone
$$;
comment on function private.end_my_sessions(boolean) is 'Sign out everywhere: ends every session of the signed-in user (all but the current one with keep_current). Answers how many ended.';

revoke all on function private.end_current_session(), private.end_my_sessions(boolean) from public;
grant execute on function private.end_current_session(), private.end_my_sessions(boolean) to authenticated, service_role;
