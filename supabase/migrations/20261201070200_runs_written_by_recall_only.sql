-- Runs, their chunk states, pairs and events change only through Recall (its API, dashboard
-- and workers), which keep the status machine and the counters true. Supabase's Data API
-- (PostgREST, connected as "authenticator") may read them under RLS, but not write them
-- directly: an admin could otherwise set a status, a counter or a lineage mark by hand.
-- Writes that follow from another change (a deleted document cascading to its run_chunks
-- and pairs, the counter triggers) are allowed: they run inside a trigger.

create function private.written_by_recall_only() returns trigger
language plpgsql set search_path = '' as $$
begin
  if session_user = 'authenticator' and pg_trigger_depth() = 1 then
    raise exception '% is changed only through Recall''s API or dashboard', tg_table_name
      using errcode = '42501', hint = 'Use the /api/runs routes: they keep the run status and counters consistent.';
  end if;
  return null;
end
$$;
comment on function private.written_by_recall_only() is 'Trigger: refuses direct writes through Supabase''s Data API (session user authenticator) to tables whose consistency Recall maintains; cascaded writes pass.';
revoke all on function private.written_by_recall_only() from public;

create trigger runs_written_by_recall_only before insert or update or delete on public.runs
  for each statement execute function private.written_by_recall_only();
create trigger run_chunks_written_by_recall_only before insert or update or delete on public.run_chunks
  for each statement execute function private.written_by_recall_only();
create trigger pairs_written_by_recall_only before insert or update or delete on public.pairs
  for each statement execute function private.written_by_recall_only();
create trigger run_events_written_by_recall_only before insert or update or delete on public.run_events
  for each statement execute function private.written_by_recall_only();
