-- What the dashboard and Supabase Studio read: a run overview with progress and durations,
-- and the workers' heartbeats behind the worker-health indicator.

create view public.run_overview with (security_invoker = on) as
select
  r.id,
  r.workspace_id,
  r.corpus_id,
  c.name as corpus_name,
  r.status,
  r.parent_run_id,
  r.total_chunks,
  r.processed_chunks,
  r.failed_chunks,
  r.pair_count,
  case when r.total_chunks > 0 then round(100.0 * (r.processed_chunks + r.failed_chunks) / r.total_chunks, 1) end as progress_percent,
  r.training_steps_done,
  r.training_steps_total,
  r.created_at,
  r.started_at,
  r.finished_at,
  r.started_at - r.created_at as waited,
  coalesce(r.finished_at, now()) - r.started_at as duration,
  r.stop_reason,
  r.error_code,
  r.error_message,
  (r.metrics -> 'baseline' ->> 'mrr')::numeric as baseline_mrr,
  (r.metrics -> 'adapted' ->> 'mrr')::numeric as adapted_mrr
from public.runs r
join public.corpora c on c.id = r.corpus_id;
comment on view public.run_overview is 'One line per run for people reading the data: corpus, status, progress, how long it waited and ran, why it stopped, and how much training improved retrieval. Security invoker: RLS of runs applies.';
comment on column public.run_overview.progress_percent is 'Chunks finished (done or failed) as a percentage of the run''s chunks.';
comment on column public.run_overview.waited is 'Time from creation until a worker took the run.';
comment on column public.run_overview.duration is 'Time since a worker took the run, until it finished (or until now while it runs).';
comment on column public.run_overview.baseline_mrr is 'Mean reciprocal rank of held-out questions with the embedder alone.';
comment on column public.run_overview.adapted_mrr is 'Mean reciprocal rank of the same questions with the trained adapter.';
revoke all on public.run_overview from anon, authenticated;
grant select on public.run_overview to authenticated, service_role;

create table private.workers (
  id text primary key check (char_length(id) between 1 and 200),
  host text not null,
  pid integer not null,
  started_at timestamptz not null default now(),
  seen_at timestamptz not null default now()
);
comment on table private.workers is 'Running worker processes and their last heartbeat (every few seconds); a worker that stops cleanly removes its row.';
alter table private.workers enable row level security;
revoke all on private.workers from public, anon, authenticated;
grant all on private.workers to service_role;

create function private.worker_health() returns table (alive integer, last_seen_at timestamptz)
language sql stable security definer set search_path = '' as $$
  select (count(*) filter (where seen_at > now() - interval '15 seconds'))::integer, max(seen_at) from private.workers
$$;
comment on function private.worker_health() is 'Workers seen in the last 15 seconds and the latest heartbeat of any: the dashboard''s worker-health indicator.';
revoke all on function private.worker_health() from public;
grant execute on function private.worker_health() to authenticated, service_role;
