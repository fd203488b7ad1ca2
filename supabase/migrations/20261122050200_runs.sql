-- Runs and their work: per-chunk state, generated question/chunk pairs, and the event
-- log of every status transition. The status values are the ones of lib/runs/status.ts.

create table public.runs (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null,
  corpus_id uuid not null,
  parent_run_id uuid,
  status text not null default 'queued' check (status in (
    'queued', 'generating', 'generated', 'training', 'completed',
    'generating_failed', 'training_failed', 'cancelled')),
  config jsonb not null default '{}'::jsonb check (jsonb_typeof(config) = 'object'),
  corpus_fingerprint text,
  total_chunks integer not null default 0 check (total_chunks >= 0),
  processed_chunks integer not null default 0 check (processed_chunks >= 0),
  failed_chunks integer not null default 0 check (failed_chunks >= 0),
  pair_count integer not null default 0 check (pair_count >= 0),
  training_steps_total integer check (training_steps_total >= 0),
  training_steps_done integer check (training_steps_done >= 0),
  error_message text,
  error_code text,
  error_phase text check (error_phase in ('generating', 'training')),
  stop_reason text check (stop_reason in (
    'target_reached', 'cancelled', 'provider_failing', 'too_many_failed_chunks', 'corpus_changed', 'worker_lost')),
  cancelled_from text check (cancelled_from in ('queued', 'generating', 'training')),
  recovery_attempts integer not null default 0 check (recovery_attempts >= 0),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  updated_at timestamptz not null default now(),
  heartbeat_at timestamptz,
  foreign key (corpus_id, workspace_id) references public.corpora (id, workspace_id) on delete cascade,
  foreign key (parent_run_id, corpus_id) references public.runs (id, corpus_id) on delete restrict,
  unique (id, workspace_id),
  unique (id, corpus_id),
  check (processed_chunks + failed_chunks <= total_chunks),
  check (status not in ('generating_failed', 'training_failed') or error_phase is not null),
  check (status <> 'cancelled' or cancelled_from is not null)
);
comment on table public.runs is 'One pass of question generation (and then training) over a corpus.';
comment on column public.runs.status is 'queued → generating → generated → training → completed; generating_failed, training_failed and cancelled can be proceeded.';
comment on column public.runs.parent_run_id is 'Set on a continuation: the run whose lineage this run extends (it covers only chunks the lineage has not).';
comment on column public.runs.config is 'Run settings (generator, model, questions_per_chunk, concurrency, requests_per_minute), validated by runConfigSchema.';
comment on column public.runs.corpus_fingerprint is 'Hash of the chunk set at start: proceeding after it changed reports the drift.';
comment on column public.runs.total_chunks is 'Chunks this run covers (its run_chunks rows).';
comment on column public.runs.processed_chunks is 'run_chunks in state done; always equals their count.';
comment on column public.runs.failed_chunks is 'run_chunks in state failed; always equals their count.';
comment on column public.runs.pair_count is 'pairs of this run; always equals their count.';
comment on column public.runs.error_phase is 'Phase of the last failure; always set while the status is a *_failed status.';
comment on column public.runs.stop_reason is 'Why the last phase stopped: target reached, cancelled, provider failing, too many failed chunks, corpus changed, worker lost.';
comment on column public.runs.cancelled_from is 'The status a cancelled run left; proceed returns it there.';
comment on column public.runs.recovery_attempts is 'Automatic resumptions after a worker was lost; bounded before the run fails.';
comment on column public.runs.heartbeat_at is 'Last sign of life from the worker coordinating the run.';

-- At most one unfinished run per corpus: a double click cannot create two.
create unique index runs_one_unfinished_per_corpus on public.runs (corpus_id) where status <> 'completed';
create index runs_workspace_corpus_idx on public.runs (workspace_id, corpus_id);
create index runs_corpus_created_idx on public.runs (corpus_id, created_at desc, id desc);
create index runs_parent_idx on public.runs (parent_run_id, corpus_id);
create index runs_created_by_idx on public.runs (created_by);

create trigger runs_touch_updated_at before update on public.runs
  for each row execute function private.touch_updated_at();

create table public.run_chunks (
  run_id uuid not null,
  chunk_id uuid not null,
  workspace_id uuid not null,
  state text not null default 'pending' check (state in ('pending', 'done', 'failed')),
  attempts integer not null default 0 check (attempts >= 0),
  last_error text,
  raw_output text,
  updated_at timestamptz not null default now(),
  finished_at timestamptz,
  primary key (run_id, chunk_id),
  foreign key (run_id, workspace_id) references public.runs (id, workspace_id) on delete cascade,
  foreign key (chunk_id, workspace_id) references public.chunks (id, workspace_id) on delete cascade
);
comment on table public.run_chunks is 'The chunks a run covers and how far each got: pending, done (pairs written) or failed.';
comment on column public.run_chunks.attempts is 'Generation attempts made for this chunk in this run.';
comment on column public.run_chunks.last_error is 'Error of the last failed attempt.';
comment on column public.run_chunks.raw_output is 'Provider output that could not be parsed, kept for inspection.';
create index run_chunks_workspace_run_idx on public.run_chunks (workspace_id, run_id);
create index run_chunks_chunk_idx on public.run_chunks (chunk_id, workspace_id);
create index run_chunks_pending_idx on public.run_chunks (run_id) where state = 'pending';

create table public.pairs (
  id bigint generated always as identity primary key,
  run_id uuid not null,
  chunk_id uuid not null,
  workspace_id uuid not null,
  ordinal smallint not null check (ordinal between 0 and 99),
  question text not null check (char_length(btrim(question)) between 1 and 2000),
  review_state text not null default 'pending' check (review_state in ('pending', 'approved', 'rejected')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (run_id, chunk_id, ordinal),
  foreign key (run_id, chunk_id) references public.run_chunks (run_id, chunk_id) on delete cascade,
  foreign key (run_id, workspace_id) references public.runs (id, workspace_id) on delete cascade
);
comment on table public.pairs is 'A generated question and the chunk that answers it: the training data.';
comment on column public.pairs.ordinal is 'Position of the question among those generated for the chunk in this run: (run, chunk, ordinal) is written at most once.';
comment on column public.pairs.review_state is 'Admin review: pending, approved or rejected (rejected pairs are not trained on).';
create index pairs_workspace_run_idx on public.pairs (workspace_id, run_id);

create trigger pairs_touch_updated_at before update on public.pairs
  for each row execute function private.touch_updated_at();

create table public.run_events (
  id bigint generated always as identity primary key,
  run_id uuid not null,
  workspace_id uuid not null,
  at timestamptz not null default now(),
  actor_id uuid references auth.users (id) on delete set null,
  actor text not null check (char_length(actor) between 1 and 320),
  from_status text,
  to_status text not null,
  message text,
  foreign key (run_id, workspace_id) references public.runs (id, workspace_id) on delete cascade
);
comment on table public.run_events is 'Every status transition of a run: who, when, from, to and why (the run page timeline).';
comment on column public.run_events.actor is 'Who acted: the user''s email, or "worker" / "system" for automatic transitions.';
comment on column public.run_events.from_status is 'Status before the transition; null when the run was created.';
create index run_events_workspace_run_idx on public.run_events (workspace_id, run_id, at);
create index run_events_actor_idx on public.run_events (actor_id);

alter table public.runs enable row level security;
alter table public.run_chunks enable row level security;
alter table public.pairs enable row level security;
alter table public.run_events enable row level security;

grant select, insert, update, delete on public.runs, public.run_chunks, public.pairs to authenticated;
grant select, insert on public.run_events to authenticated;
grant all on public.runs, public.run_chunks, public.pairs, public.run_events to service_role;

create policy "Members can read runs" on public.runs
  for select to authenticated using (workspace_id in (select private.member_workspace_ids()));
create policy "Admins can start runs" on public.runs
  for insert to authenticated with check (workspace_id in (select private.admin_workspace_ids()));
create policy "Admins can change runs" on public.runs
  for update to authenticated
  using (workspace_id in (select private.admin_workspace_ids()))
  with check (workspace_id in (select private.admin_workspace_ids()));
create policy "Admins can remove runs" on public.runs
  for delete to authenticated using (workspace_id in (select private.admin_workspace_ids()));

create policy "Members can read run chunks" on public.run_chunks
  for select to authenticated using (workspace_id in (select private.member_workspace_ids()));
create policy "Admins can add run chunks" on public.run_chunks
  for insert to authenticated with check (workspace_id in (select private.admin_workspace_ids()));
create policy "Admins can change run chunks" on public.run_chunks
  for update to authenticated
  using (workspace_id in (select private.admin_workspace_ids()))
  with check (workspace_id in (select private.admin_workspace_ids()));
create policy "Admins can remove run chunks" on public.run_chunks
  for delete to authenticated using (workspace_id in (select private.admin_workspace_ids()));

create policy "Members can read pairs" on public.pairs
  for select to authenticated using (workspace_id in (select private.member_workspace_ids()));
create policy "Admins can add pairs" on public.pairs
  for insert to authenticated with check (workspace_id in (select private.admin_workspace_ids()));
create policy "Admins can review pairs" on public.pairs
  for update to authenticated
  using (workspace_id in (select private.admin_workspace_ids()))
  with check (workspace_id in (select private.admin_workspace_ids()));
create policy "Admins can remove pairs" on public.pairs
  for delete to authenticated using (workspace_id in (select private.admin_workspace_ids()));

-- The event log is append-only: no update or delete policy for anyone.
create policy "Members can read run events" on public.run_events
  for select to authenticated using (workspace_id in (select private.member_workspace_ids()));
create policy "Admins can record run events" on public.run_events
  for insert to authenticated with check (
    workspace_id in (select private.admin_workspace_ids()) and actor_id = (select auth.uid()));
