-- Local Supabase compatibility bootstrap.
--
-- Creates the database objects that a hosted Supabase project provides and that
-- supabase/migrations relies on: the API roles, the `extensions` schema, and a
-- GoTrue-shaped `auth` schema with auth.uid() / auth.role() / auth.jwt() / auth.email().
-- It is applied by Recall to the embedded Postgres and to a plain Postgres given in
-- DATABASE_URL, never to Supabase, and it is never part of supabase/migrations.
-- Every statement is idempotent: it runs on every start.

do $$
begin
  if not exists (select from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
  if not exists (select from pg_roles where rolname = 'authenticator') then
    create role authenticator nologin noinherit;
  end if;
  if not exists (select from pg_roles where rolname = 'supabase_auth_admin') then
    create role supabase_auth_admin nologin noinherit createrole;
  end if;
  -- As on hosted Supabase: `postgres` owns the app's objects but is not a superuser.
  if not exists (select from pg_roles where rolname = 'postgres') then
    create role postgres login createdb createrole bypassrls;
  end if;
end
$$;

-- Granted only where missing: on a shared or managed Postgres, an administrator may have
-- made these roles already, and a non-superuser may not grant them again.
do $$
declare
  grantee text;
  api_role text;
begin
  foreach grantee in array array['authenticator', 'postgres'] loop
    foreach api_role in array array['anon', 'authenticated', 'service_role'] loop
      if not exists (
        select from pg_auth_members m join pg_roles r on r.oid = m.roleid join pg_roles u on u.oid = m.member
        where r.rolname = api_role and u.rolname = grantee) then
        execute format('grant %I to %I', api_role, grantee);
      end if;
    end loop;
  end loop;
end
$$;

do $$
begin
  execute format('grant create, connect, temporary on database %I to postgres', current_database());
  execute format('grant connect on database %I to anon, authenticated, service_role, authenticator', current_database());
end
$$;

grant usage, create on schema public to postgres;
grant usage on schema public to anon, authenticated, service_role;

create schema if not exists extensions;
grant usage on schema extensions to postgres, anon, authenticated, service_role;
create extension if not exists pgcrypto with schema extensions;
create extension if not exists "uuid-ossp" with schema extensions;

-- Owned by supabase_auth_admin, as on Supabase, where the connected role may act as it (a
-- superuser, or the embedded cluster's admin); else by the connected role itself.
do $$
begin
  if pg_has_role(current_user, 'supabase_auth_admin', 'SET') then
    create schema if not exists auth authorization supabase_auth_admin;
  else
    create schema if not exists auth;
  end if;
end
$$;
comment on schema auth is 'Recall local Supabase compatibility bootstrap: GoTrue-shaped auth schema';
grant usage on schema auth to postgres, anon, authenticated, service_role;

create table if not exists auth.users (
  instance_id uuid,
  id uuid primary key,
  aud varchar(255),
  role varchar(255),
  email varchar(255),
  encrypted_password varchar(255),
  email_confirmed_at timestamptz,
  invited_at timestamptz,
  confirmation_token varchar(255),
  confirmation_sent_at timestamptz,
  recovery_token varchar(255),
  recovery_sent_at timestamptz,
  last_sign_in_at timestamptz,
  raw_app_meta_data jsonb,
  raw_user_meta_data jsonb,
  is_super_admin boolean,
  created_at timestamptz default now(),
  updated_at timestamptz default now(),
  phone text unique default null,
  phone_confirmed_at timestamptz,
  confirmed_at timestamptz generated always as (least(email_confirmed_at, phone_confirmed_at)) stored,
  banned_until timestamptz,
  is_sso_user boolean not null default false,
  deleted_at timestamptz,
  is_anonymous boolean not null default false
);
create unique index if not exists users_email_partial_key on auth.users (email) where (is_sso_user = false);
comment on table auth.users is 'Auth: stores user login data within a secure schema.';
grant all on auth.users to postgres, service_role;

-- GoTrue's sessions: every access token names one (claim session_id); sign-out deletes it.
do $$
begin
  if not exists (select from pg_type t join pg_namespace n on n.oid = t.typnamespace where n.nspname = 'auth' and t.typname = 'aal_level') then
    create type auth.aal_level as enum ('aal1', 'aal2', 'aal3');
  end if;
end
$$;
create table if not exists auth.sessions (
  id uuid primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz,
  updated_at timestamptz,
  factor_id uuid,
  aal auth.aal_level,
  not_after timestamptz,
  refreshed_at timestamp,
  user_agent text,
  ip inet,
  tag text
);
create index if not exists sessions_user_id_idx on auth.sessions (user_id);
create index if not exists user_id_created_at_idx on auth.sessions (user_id, created_at);
create index if not exists sessions_not_after_idx on auth.sessions (not_after desc);
comment on table auth.sessions is 'Auth: stores session data associated to a user.';
comment on column auth.sessions.not_after is 'Auth: Not after is a nullable column that contains a timestamp after which the session should be regarded as expired.';
grant all on auth.sessions to postgres, service_role;

-- The JWT accessors, with GoTrue's definitions (no search_path clause: they stay inlinable).
create or replace function auth.uid() returns uuid language sql stable as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
  )::uuid
$$;

create or replace function auth.role() returns text language sql stable as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.role', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
  )::text
$$;

create or replace function auth.email() returns text language sql stable as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.email', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email')
  )::text
$$;

create or replace function auth.jwt() returns jsonb language sql stable as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')
  )::jsonb
$$;

-- GoTrue's role owns its objects where the connected role may hand them over (see the schema).
do $$
begin
  if pg_has_role(current_user, 'supabase_auth_admin', 'SET') then
    alter table auth.users owner to supabase_auth_admin;
    alter table auth.sessions owner to supabase_auth_admin;
    alter type auth.aal_level owner to supabase_auth_admin;
    alter function auth.uid() owner to supabase_auth_admin;
    alter function auth.role() owner to supabase_auth_admin;
    alter function auth.email() owner to supabase_auth_admin;
    alter function auth.jwt() owner to supabase_auth_admin;
  end if;
end
$$;
grant execute on function auth.uid(), auth.role(), auth.email(), auth.jwt() to postgres, anon, authenticated, service_role;
