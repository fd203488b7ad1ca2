-- Failed sign-in limits live in Postgres, not in one process's memory: every web server
-- and every process bundling the sign-in code (route handler, server action) counts the
-- same failures, and a restart forgets nothing.

create table private.sign_in_failures (
  key text not null check (char_length(key) between 1 and 600),
  at timestamptz not null default clock_timestamp()
);
comment on table private.sign_in_failures is 'One row per failed (or not yet checked) sign-in attempt, per limit key (email:…, client:…); rows older than the window are pruned.';
comment on column private.sign_in_failures.key is 'What the limit counts: email:<address> or client:<address>.';
comment on column private.sign_in_failures.at is 'When the attempt was counted.';
create index sign_in_failures_key_at on private.sign_in_failures (key, at);
create index sign_in_failures_at on private.sign_in_failures (at);
alter table private.sign_in_failures enable row level security;
revoke all on private.sign_in_failures from public, anon, authenticated;

-- Counts an attempt against every key at once, before the (slow) password check, so that
-- parallel guesses cannot slip past a limit. Answers 0 when every key is under its limit
-- (the attempt is then recorded), else the seconds until all allow another (nothing recorded).
create function private.take_sign_in_attempt(keys text[], limits integer[], window_seconds integer)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  wait integer := 0;
  k record;
  nth timestamptz;
begin
  if array_length(keys, 1) is distinct from array_length(limits, 1) then
    raise exception 'keys and limits differ in length';
  end if;
  -- One attempt at a time per key, locked in a fixed order so two attempts cannot deadlock.
  perform pg_advisory_xact_lock(hashtextextended('recall.sign_in:' || key, 0))
  from unnest(keys) as key order by key;
  delete from private.sign_in_failures where at < clock_timestamp() - make_interval(secs => window_seconds);
  for k in select * from unnest(keys, limits) as t(key, max_failures) loop
    select f.at into nth from private.sign_in_failures f
    where f.key = k.key and f.at >= clock_timestamp() - make_interval(secs => window_seconds)
    order by f.at desc offset k.max_failures - 1 limit 1;
    if nth is not null then
      wait := greatest(wait, 1, ceil(extract(epoch from nth + make_interval(secs => window_seconds) - clock_timestamp()))::integer);
    end if;
  end loop;
  if wait = 0 then
    insert into private.sign_in_failures (key) select unnest(keys);
  end if;
  return wait;
end;
$$;
comment on function private.take_sign_in_attempt(text[], integer[], integer) is 'Counts a sign-in attempt against each key if all are under their limit within the window; answers 0, or the seconds to wait.';

-- A sign-in that succeeded: the account's failures are cleared; the client's attempt is
-- taken back (its earlier failures still count).
create function private.sign_in_succeeded(reset_key text, forgive_key text)
returns void
language sql
security definer
set search_path = ''
as $$
  delete from private.sign_in_failures where key = reset_key;
  delete from private.sign_in_failures
  where ctid = (select ctid from private.sign_in_failures where key = forgive_key order by at desc limit 1);
$$;
comment on function private.sign_in_succeeded(text, text) is 'After a successful sign-in: clears the account''s failures and takes back the client''s latest attempt.';

revoke all on function private.take_sign_in_attempt(text[], integer[], integer), private.sign_in_succeeded(text, text) from public, anon, authenticated;
grant execute on function private.take_sign_in_attempt(text[], integer[], integer), private.sign_in_succeeded(text, text) to service_role;
