-- A valid signature is not enough: a token outlives the user it was issued to (deleted,
-- soft-deleted or banned since). Recall asks this once per request, under the request's
-- own role and claims, so no privileged connection is needed for it.

create function private.current_user_is_live() returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from auth.users u
    where u.id = (select auth.uid()) and u.deleted_at is null and (u.banned_until is null or u.banned_until <= now()))
$$;
comment on function private.current_user_is_live() is 'Whether the signed-in user (auth.uid()) still exists and is not banned: tokens of deleted or banned users are refused.';
revoke all on function private.current_user_is_live() from public;
grant execute on function private.current_user_is_live() to authenticated, service_role;
