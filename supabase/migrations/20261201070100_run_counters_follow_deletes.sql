-- A run's counters equal the rows they summarise even when rows go without the engine:
-- deleting a document or chunk cascades to run_chunks and pairs, and these statement
-- triggers move the counters by exactly what was deleted. runs.chunks_removed keeps the
-- drift: an unfinished generation stops with stop reason "corpus changed", and proceeding
-- reports it.

alter table public.runs
  add column chunks_removed integer not null default 0 check (chunks_removed >= 0);
comment on column public.runs.chunks_removed is 'Chunks deleted from the corpus since the run last started or proceeded (their run_chunks went with them): the drift that proceed reports.';

create function private.run_chunks_deleted() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  update public.runs r set
    total_chunks = r.total_chunks - g.total,
    processed_chunks = r.processed_chunks - g.done,
    failed_chunks = r.failed_chunks - g.failed,
    chunks_removed = r.chunks_removed + g.total
  from (
    select run_id, count(*)::int as total,
           (count(*) filter (where state = 'done'))::int as done,
           (count(*) filter (where state = 'failed'))::int as failed
    from gone group by run_id
  ) g
  where r.id = g.run_id;
  return null;
end
$$;
comment on function private.run_chunks_deleted() is 'Trigger: keeps runs.total_chunks, processed_chunks and failed_chunks equal to their rows when run_chunks are deleted (a chunk deleted from the corpus), and counts the drift.';
revoke all on function private.run_chunks_deleted() from public;
create trigger run_chunks_follow_deletes after delete on public.run_chunks
  referencing old table as gone for each statement execute function private.run_chunks_deleted();

create function private.pairs_deleted() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  update public.runs r set pair_count = r.pair_count - g.total
  from (select run_id, count(*)::int as total from gone group by run_id) g
  where r.id = g.run_id;
  return null;
end
$$;
comment on function private.pairs_deleted() is 'Trigger: keeps runs.pair_count equal to the run''s pairs when pairs are deleted.';
revoke all on function private.pairs_deleted() from public;
create trigger pairs_follow_deletes after delete on public.pairs
  referencing old table as gone for each statement execute function private.pairs_deleted();
