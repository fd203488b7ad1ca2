-- What the run engine keeps on runs and run_chunks: the circuit breaker, job-id epochs and
-- batch numbers, continuation marks; run_events constrained to real statuses and signed by
-- whoever inserts them.

alter table public.runs
  add column consecutive_failures integer not null default 0 check (consecutive_failures >= 0),
  add column epoch integer not null default 0 check (epoch >= 0),
  add column batch_seq integer not null default 0 check (batch_seq >= 0),
  add column continued_at timestamptz;
comment on column public.runs.consecutive_failures is 'Provider failures in a row; the circuit breaker stops the run past a threshold.';
comment on column public.runs.epoch is 'Incremented each time the run is (re)scheduled: part of its deterministic job ids.';
comment on column public.runs.batch_seq is 'Batches handed out so far: batch numbers are never reused, so neither are job ids.';
comment on column public.runs.continued_at is 'When a continuation was started from this run: the lineage head moved on, so this run no longer blocks its corpus.';

-- At most one unfinished run per corpus (a continued run is part of its child's lineage):
-- a double click cannot create two.
drop index public.runs_one_unfinished_per_corpus;
create unique index runs_one_unfinished_per_corpus on public.runs (corpus_id)
  where status <> 'completed' and continued_at is null;

alter table public.run_chunks add column batch_no integer check (batch_no >= 0);
comment on column public.run_chunks.batch_no is 'Batch of the current epoch that owns this pending chunk (its job id derives from run, epoch and batch_no); null when unassigned.';
drop index public.run_chunks_pending_idx;
create index run_chunks_pending_idx on public.run_chunks (run_id, batch_no, chunk_id) where state = 'pending';

alter table public.run_events
  add constraint run_events_from_status_check check (from_status in (
    'queued', 'generating', 'generated', 'training', 'completed', 'generating_failed', 'training_failed', 'cancelled')),
  add constraint run_events_to_status_check check (to_status in (
    'queued', 'generating', 'generated', 'training', 'completed', 'generating_failed', 'training_failed', 'cancelled'));

-- A user's event is signed with who they are, whatever the insert says: the timeline cannot
-- be forged through the API. (The worker's privileged connection has no JWT and writes its
-- own actor, "worker".)
create function private.sign_run_event() returns trigger
language plpgsql set search_path = '' as $$
begin
  if (select auth.uid()) is not null then
    new.actor_id := (select auth.uid());
    new.actor := coalesce(nullif((select auth.email()), ''), (select auth.uid())::text);
  end if;
  new.at := now();
  return new;
end
$$;
comment on function private.sign_run_event() is 'Trigger: events inserted by a signed-in user carry that user as actor, and the current time.';
revoke all on function private.sign_run_event() from public;
create trigger run_events_sign before insert on public.run_events
  for each row execute function private.sign_run_event();
