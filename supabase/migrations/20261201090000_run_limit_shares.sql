-- A run's concurrency and requests-per-minute are limits of the run, not of each worker
-- process: the processes working on a run say so here every few seconds, and each takes an
-- equal share. A process that dies stops counting once its row goes stale.

create table private.run_workers (
  run_id uuid not null references public.runs (id) on delete cascade,
  worker_id text not null check (char_length(worker_id) between 1 and 200),
  seen_at timestamptz not null default now(),
  primary key (run_id, worker_id)
);
comment on table private.run_workers is 'Worker processes currently working on a run (heartbeat every few seconds): a run''s concurrency and rate limit are split between them.';
comment on column private.run_workers.seen_at is 'Last heartbeat of this process for this run; rows older than a few seconds no longer count.';
alter table private.run_workers enable row level security;
revoke all on private.run_workers from public, anon, authenticated;
grant all on private.run_workers to service_role;
