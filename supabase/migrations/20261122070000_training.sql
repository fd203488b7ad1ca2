-- Training: the retrieval adapter a run trains on its lineage's pairs (with its checkpoint,
-- so a cancelled or failed training resumes where it stopped), and the metrics that say how
-- much retrieval improved.

alter table public.runs add column metrics jsonb check (metrics is null or jsonb_typeof(metrics) = 'object');
comment on column public.runs.metrics is 'Set when training completes: recall@1, recall@5 and MRR of held-out questions before (baseline) and after the adapter, and what was trained on.';
comment on column public.runs.training_steps_total is 'Optimisation steps the training phase takes; null until training starts.';
comment on column public.runs.training_steps_done is 'Optimisation steps done (and checkpointed in adapters) so far.';

create table public.adapters (
  run_id uuid primary key,
  workspace_id uuid not null,
  embedder text not null check (char_length(embedder) between 1 and 200),
  dim integer not null check (dim between 1 and 4096),
  steps_done integer not null default 0 check (steps_done >= 0),
  weights bytea not null,
  optimizer bytea,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (run_id, workspace_id) references public.runs (id, workspace_id) on delete cascade
);
comment on table public.adapters is 'The retrieval adapter of a run: a residual linear map applied to query embeddings (q + Wq), checkpointed while training.';
comment on column public.adapters.embedder is 'The embedder the adapter was trained on (e.g. offline-hash-256); a checkpoint is only resumed with the same one.';
comment on column public.adapters.dim is 'Embedding dimension: weights hold dim × dim little-endian float32 values, row-major.';
comment on column public.adapters.steps_done is 'Optimisation steps included in these weights.';
comment on column public.adapters.optimizer is 'Adam moment estimates (2 × dim × dim float32) so a resumed training continues exactly; cleared when training completes.';
create index adapters_run_workspace_idx on public.adapters (run_id, workspace_id);
create index adapters_workspace_idx on public.adapters (workspace_id);

create trigger adapters_touch_updated_at before update on public.adapters
  for each row execute function private.touch_updated_at();

alter table public.adapters enable row level security;
revoke all on public.adapters from anon, authenticated;
-- Only the worker writes adapters; members may read (and download) their workspace's.
grant select on public.adapters to authenticated;
grant all on public.adapters to service_role;

create policy "Members can read adapters" on public.adapters
  for select to authenticated using (workspace_id in (select private.member_workspace_ids()));
