-- Training measured honestly: a stored split of the lineage's chunks (no test chunk is ever
-- trained on), an adapter whose form fits the data (diagonal, or diagonal plus low rank) in a
-- named embedding space, the trainer's checkpoint, live progress, and a run that says "no
-- improvement" when validation found none.

-- The run's stop reasons gain no_improvement (training kept the identity adapter).
alter table public.runs drop constraint runs_stop_reason_check;
alter table public.runs add constraint runs_stop_reason_check check (stop_reason in (
  'target_reached', 'cancelled', 'provider_failing', 'too_many_failed_chunks', 'corpus_changed', 'worker_lost', 'no_improvement'));
comment on column public.runs.stop_reason is 'Why the last phase stopped: target reached, cancelled, provider failing, too many failed chunks, corpus changed, worker lost, or no improvement (training found no adapter better than none, on validation).';

alter table public.runs
  add column training_options jsonb check (training_options is null or jsonb_typeof(training_options) = 'object'),
  add column training_progress jsonb check (training_progress is null or jsonb_typeof(training_progress) = 'object'),
  add column training_remote_job text check (char_length(training_remote_job) between 1 and 500);
comment on column public.runs.training_options is 'What the admin chose when training: embedder, model, trainer, epochs.';
comment on column public.runs.training_progress is 'The training phase as it goes: stage (preparing, mining, training, evaluating), loss, the adapter form being fitted.';
comment on column public.runs.training_remote_job is 'The external trainer''s job id, so that proceeding re-attaches to the job instead of submitting again.';

-- Adapters: a form and rank, the embedding space they belong to, and the trainer's state.
alter table public.adapters drop constraint adapters_dim_check;
alter table public.adapters add constraint adapters_dim_check check (dim between 1 and 65536);
alter table public.adapters
  add column format smallint not null default 1 check (format in (1, 2)),
  add column form text check (form in ('identity', 'diagonal', 'diagonal_low_rank')),
  add column rank integer check (rank between 0 and 256),
  add column space jsonb check (space is null or jsonb_typeof(space) = 'object'),
  add column space_data bytea,
  add column checkpoint bytea;
comment on column public.adapters.format is '1: weights is a dim × dim matrix (earlier Recall); 2: weights holds a (dim), then U and V (dim × rank each), W = diag(a) + U Vᵀ.';
comment on column public.adapters.form is 'identity (no adapter beat the embedder on validation), diagonal, or diagonal_low_rank.';
comment on column public.adapters.rank is 'Rank of the U Vᵀ part (0 for diagonal and identity).';
comment on column public.adapters.space is 'The embedding space: provider, model, dim and its exact key.';
comment on column public.adapters.space_data is 'What rebuilds the space: for the built-in embedder its corpus statistics (document frequencies per bucket).';
comment on column public.adapters.checkpoint is 'The trainer''s state while training (parameters, optimiser moments, validation history), so a resumed training continues exactly; cleared when it completes.';
comment on column public.adapters.weights is 'The adapter''s parameters, float32 little-endian (see format).';

-- The split: each chunk of the lineage that has pairs is train, validation or test.
create table public.training_splits (
  run_id uuid not null,
  chunk_id uuid not null,
  workspace_id uuid not null,
  split text not null check (split in ('train', 'validation', 'test')),
  primary key (run_id, chunk_id),
  foreign key (run_id, workspace_id) references public.runs (id, workspace_id) on delete cascade,
  foreign key (chunk_id, workspace_id) references public.chunks (id, workspace_id) on delete cascade
);
comment on table public.training_splits is 'The held-out split of a training: every chunk with pairs in the lineage is train, validation or test. Pairs of validation and test chunks are never trained on.';
comment on column public.training_splits.run_id is 'The trained run.';
comment on column public.training_splits.chunk_id is 'A chunk of the corpus that has pairs in the lineage.';
comment on column public.training_splits.workspace_id is 'The workspace (same as the run''s).';
comment on column public.training_splits.split is 'train, validation (early stopping, model choice) or test (the reported result).';
create index training_splits_workspace_idx on public.training_splits (workspace_id);
create index training_splits_chunk_workspace_idx on public.training_splits (chunk_id, workspace_id);
create index training_splits_run_workspace_idx on public.training_splits (run_id, workspace_id);

alter table public.training_splits enable row level security;
revoke all on public.training_splits from anon, authenticated;
grant select on public.training_splits to authenticated;
grant all on public.training_splits to service_role;
create policy "Members can read training splits" on public.training_splits
  for select to authenticated using (workspace_id in (select private.member_workspace_ids()));
create trigger training_splits_written_by_recall_only before insert or update or delete on public.training_splits
  for each statement execute function private.written_by_recall_only();

-- Training and search stream a corpus's chunks in id order, a page at a time.
create index chunks_corpus_id_idx on public.chunks (corpus_id, id);
