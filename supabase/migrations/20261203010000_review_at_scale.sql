-- Review at scale: the pairs table is searched, filtered and sorted at a million pairs, its
-- pairs carry quality signals computed in the background, and a bulk decision by filter can
-- be undone exactly.

-- Paging a run's pairs in id order (the review's default order), and full-text search over
-- questions. 'simple' keeps every word as written (no stemming, no stop words): questions
-- come in any language.
create index pairs_run_id_id_idx on public.pairs (run_id, id);
create index pairs_question_search_idx on public.pairs using gin (to_tsvector('simple', question));

-- One row per computed pair. Written by the worker (service role) only; read under RLS.
create table public.pair_signals (
  pair_id bigint primary key references public.pairs (id) on delete cascade,
  run_id uuid not null,
  workspace_id uuid not null,
  bm25_rank smallint check (bm25_rank between 1 and 10),
  embedding_rank smallint check (embedding_rank between 1 and 10),
  embedder text not null check (char_length(embedder) between 1 and 200),
  hard_negative_chunk_id uuid,
  duplicate_of bigint,
  too_short boolean not null,
  too_long boolean not null,
  not_question boolean not null,
  verbatim_words smallint not null check (verbatim_words >= 0),
  verbatim boolean not null,
  question_language text,
  chunk_language text,
  language_mismatch boolean not null,
  computed_at timestamptz not null default now(),
  foreign key (run_id, workspace_id) references public.runs (id, workspace_id) on delete cascade
);
comment on table public.pair_signals is 'Quality signals of a pair, computed once in the background (pg-boss queue recall.signals): round trip through BM25 and the base embedder, duplicates, and shape. A pair without a row has not been checked yet.';
comment on column public.pair_signals.pair_id is 'The pair.';
comment on column public.pair_signals.run_id is 'The pair''s run.';
comment on column public.pair_signals.workspace_id is 'The workspace (same as the pair''s).';
comment on column public.pair_signals.bm25_rank is 'Rank (1–10) of the pair''s own chunk when its question is searched with BM25 over the whole corpus; null: not in the top 10 (a round-trip miss). Ties rank against the pair.';
comment on column public.pair_signals.embedding_rank is 'Rank (1–10) of the pair''s own chunk when its question is searched with the base embedder over the whole corpus; null: not in the top 10.';
comment on column public.pair_signals.embedder is 'The embedding space embedding_rank was measured in (provider:model:dim).';
comment on column public.pair_signals.hard_negative_chunk_id is 'The best-scoring other chunk under BM25 (exported as the hard negative). Not a foreign key: a chunk deleted since simply drops out of exports.';
comment on column public.pair_signals.duplicate_of is 'The pair this one duplicates (same normalised question anywhere in the lineage, or a near-identical one of the same chunk): the kept one has the lowest id and is null here. Not a foreign key: pairs of other runs of the lineage.';
comment on column public.pair_signals.too_short is 'Fewer than 3 words or 12 characters.';
comment on column public.pair_signals.too_long is 'More than 40 words or 300 characters.';
comment on column public.pair_signals.not_question is 'Neither ends with a question mark nor starts with a question word (e.g. "Describe …").';
comment on column public.pair_signals.verbatim_words is 'Longest run of the question''s words copied in order from the chunk.';
comment on column public.pair_signals.verbatim is 'verbatim_words is 8 or more: the question copies a long span of its chunk.';
comment on column public.pair_signals.question_language is 'ISO 639-3 language of the question (franc), null when too short to tell.';
comment on column public.pair_signals.chunk_language is 'ISO 639-3 language of the chunk, null when undetermined.';
comment on column public.pair_signals.language_mismatch is 'The question is in another language than its chunk (both determined, conservatively).';
comment on column public.pair_signals.computed_at is 'When the signals were computed.';
create index pair_signals_run_id_workspace_id_idx on public.pair_signals (run_id, workspace_id);
-- Sorting by a signal (worst first, a miss counting as rank 11) and filtering by one: each
-- filter's partial index holds only the pairs it flags.
create index pair_signals_bm25_order_idx on public.pair_signals (run_id, (coalesce(bm25_rank, 11)) desc, pair_id desc);
create index pair_signals_embedding_order_idx on public.pair_signals (run_id, (coalesce(embedding_rank, 11)) desc, pair_id desc);
create index pair_signals_bm25_miss_idx on public.pair_signals (run_id, pair_id) where bm25_rank is null;
create index pair_signals_embedding_miss_idx on public.pair_signals (run_id, pair_id) where embedding_rank is null;
create index pair_signals_duplicate_idx on public.pair_signals (run_id, pair_id) where duplicate_of is not null;
create index pair_signals_too_short_idx on public.pair_signals (run_id, pair_id) where too_short;
create index pair_signals_too_long_idx on public.pair_signals (run_id, pair_id) where too_long;
create index pair_signals_not_question_idx on public.pair_signals (run_id, pair_id) where not_question;
create index pair_signals_verbatim_idx on public.pair_signals (run_id, pair_id) where verbatim;
create index pair_signals_language_idx on public.pair_signals (run_id, pair_id) where language_mismatch;

-- Where a run's signal job stands: requested when generation ends (or a question is edited),
-- picked up by any worker, resumable (pairs without signals are what is left).
create table public.run_signals (
  run_id uuid primary key,
  workspace_id uuid not null,
  state text not null default 'pending' check (state in ('pending', 'running', 'done', 'failed')),
  requested_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  heartbeat_at timestamptz,
  pairs_checked integer not null default 0 check (pairs_checked >= 0),
  summary jsonb,
  error text,
  foreign key (run_id, workspace_id) references public.runs (id, workspace_id) on delete cascade
);
comment on table public.run_signals is 'The quality-signal job of a run: pending until a worker takes it, running (with a heartbeat), done (with a summary) or failed.';
comment on column public.run_signals.run_id is 'The run.';
comment on column public.run_signals.workspace_id is 'The workspace (same as the run''s).';
comment on column public.run_signals.state is 'pending (asked for), running, done or failed.';
comment on column public.run_signals.requested_at is 'Last time signals were asked for (generation ended, a question was edited). A job that started before it leaves the state pending for another pass.';
comment on column public.run_signals.started_at is 'When the current or last job started.';
comment on column public.run_signals.finished_at is 'When the last job finished.';
comment on column public.run_signals.heartbeat_at is 'Kept fresh by the running job; a lapse lets another worker take over.';
comment on column public.run_signals.pairs_checked is 'Pairs checked by the current or last job.';
comment on column public.run_signals.summary is 'How many of the run''s pairs each signal flags, written when the job finishes.';
comment on column public.run_signals.error is 'Why the last job failed.';
create index run_signals_run_id_workspace_id_idx on public.run_signals (run_id, workspace_id);
create index run_signals_open_idx on public.run_signals (requested_at) where state in ('pending', 'running');

-- Bulk decisions by filter, each undoable: the batch, and every pair's state before it.
create table public.review_batches (
  id bigint generated always as identity primary key,
  run_id uuid not null,
  workspace_id uuid not null,
  actor_id uuid references auth.users (id) on delete set null,
  actor text not null check (char_length(actor) between 1 and 320),
  action text not null check (action in ('approve', 'reject', 'reset')),
  filter jsonb not null,
  affected integer not null check (affected >= 0),
  created_at timestamptz not null default now(),
  undone_at timestamptz,
  undone_by text,
  restored integer check (restored >= 0),
  foreign key (run_id, workspace_id) references public.runs (id, workspace_id) on delete cascade
);
comment on table public.review_batches is 'Bulk review decisions by filter (approve, reject or reset every pair matching it). The latest of a run can be undone.';
comment on column public.review_batches.id is 'Batch id.';
comment on column public.review_batches.run_id is 'The run whose pairs were decided.';
comment on column public.review_batches.workspace_id is 'The workspace (same as the run''s).';
comment on column public.review_batches.actor_id is 'Who decided (auth.users id).';
comment on column public.review_batches.actor is 'Who decided, as shown: their email.';
comment on column public.review_batches.action is 'approve, reject or reset (back to pending).';
comment on column public.review_batches.filter is 'The filter the pairs matched (q, state, document_id, chunk_id, signal).';
comment on column public.review_batches.affected is 'Pairs whose state changed.';
comment on column public.review_batches.created_at is 'When.';
comment on column public.review_batches.undone_at is 'When it was undone; null if it stands.';
comment on column public.review_batches.undone_by is 'Who undid it.';
comment on column public.review_batches.restored is 'Pairs put back on undo (those changed again since are left as they are).';
create index review_batches_run_id_workspace_id_idx on public.review_batches (run_id, workspace_id, id desc);
create index review_batches_actor_id_idx on public.review_batches (actor_id);

create table public.review_batch_pairs (
  batch_id bigint not null references public.review_batches (id) on delete cascade,
  pair_id bigint not null references public.pairs (id) on delete cascade,
  workspace_id uuid not null,
  previous_state text not null check (previous_state in ('pending', 'approved', 'rejected')),
  primary key (batch_id, pair_id)
);
comment on table public.review_batch_pairs is 'The state each pair had before a bulk decision: what undo restores. Kept for a run''s latest batch only.';
comment on column public.review_batch_pairs.batch_id is 'The bulk decision.';
comment on column public.review_batch_pairs.pair_id is 'A pair it changed.';
comment on column public.review_batch_pairs.workspace_id is 'The workspace (same as the batch''s).';
comment on column public.review_batch_pairs.previous_state is 'The pair''s review state before the decision.';
create index review_batch_pairs_pair_id_idx on public.review_batch_pairs (pair_id);
create index review_batch_pairs_workspace_id_idx on public.review_batch_pairs (workspace_id);

alter table public.pair_signals enable row level security;
alter table public.run_signals enable row level security;
alter table public.review_batches enable row level security;
alter table public.review_batch_pairs enable row level security;

revoke all on public.pair_signals, public.run_signals, public.review_batches, public.review_batch_pairs from public, anon, authenticated;
grant select on public.pair_signals, public.run_signals to authenticated;
grant select, insert, update on public.review_batches to authenticated;
grant select, insert, delete on public.review_batch_pairs to authenticated;
grant all on public.pair_signals, public.run_signals, public.review_batches, public.review_batch_pairs to service_role;

create policy "Members can read their pairs' signals" on public.pair_signals
  for select to authenticated using (workspace_id in (select private.member_workspace_ids()));
create policy "Members can read their runs' signal jobs" on public.run_signals
  for select to authenticated using (workspace_id in (select private.member_workspace_ids()));
create policy "Members can read bulk decisions" on public.review_batches
  for select to authenticated using (workspace_id in (select private.member_workspace_ids()));
create policy "Admins can make bulk decisions" on public.review_batches
  for insert to authenticated with check (workspace_id in (select private.admin_workspace_ids()) and actor_id = (select auth.uid()));
create policy "Admins can undo bulk decisions" on public.review_batches
  for update to authenticated using (workspace_id in (select private.admin_workspace_ids()))
  with check (workspace_id in (select private.admin_workspace_ids()));
create policy "Admins can read what a bulk decision changed" on public.review_batch_pairs
  for select to authenticated using (workspace_id in (select private.admin_workspace_ids()));
create policy "Admins can record what a bulk decision changed" on public.review_batch_pairs
  for insert to authenticated with check (workspace_id in (select private.admin_workspace_ids()));
create policy "Admins can drop undo records" on public.review_batch_pairs
  for delete to authenticated using (workspace_id in (select private.admin_workspace_ids()));

-- Like the run tables: changed only through Recall, never directly through the Data API.
create trigger pair_signals_written_by_recall_only before insert or update or delete on public.pair_signals
  for each statement execute function private.written_by_recall_only();
create trigger run_signals_written_by_recall_only before insert or update or delete on public.run_signals
  for each statement execute function private.written_by_recall_only();
create trigger review_batches_written_by_recall_only before insert or update or delete on public.review_batches
  for each statement execute function private.written_by_recall_only();
create trigger review_batch_pairs_written_by_recall_only before insert or update or delete on public.review_batch_pairs
  for each statement execute function private.written_by_recall_only();

-- Signals are asked for when a run stops generating (its pairs are then final until the next
-- proceed or retry), whoever moved it.
create function private.request_signals() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  insert into public.run_signals (run_id, workspace_id, state, requested_at)
  values (new.id, new.workspace_id, 'pending', now())
  on conflict (run_id) do update
    set state = case when public.run_signals.state = 'running' then 'running' else 'pending' end, requested_at = now();
  return null;
end
$$;
comment on function private.request_signals() is 'Trigger: asks for a run''s quality signals when it stops generating.';
revoke all on function private.request_signals() from public;
create trigger runs_request_signals after update of status on public.runs
  for each row when (old.status = 'generating' and new.status <> 'generating')
  execute function private.request_signals();

-- An edited question's signals no longer hold: they are dropped and asked for again.
create function private.pair_question_changed() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  delete from public.pair_signals s where s.pair_id = new.id;
  insert into public.run_signals (run_id, workspace_id, state, requested_at)
  values (new.run_id, new.workspace_id, 'pending', now())
  on conflict (run_id) do update
    set state = case when public.run_signals.state = 'running' then 'running' else 'pending' end, requested_at = now();
  return null;
end
$$;
comment on function private.pair_question_changed() is 'Trigger: drops the signals of a pair whose question was edited and asks for them again.';
revoke all on function private.pair_question_changed() from public;
-- Row by row and only on the question: review decisions (bulk ones included) do not fire it.
create trigger pairs_question_changed after update of question on public.pairs
  for each row when (old.question is distinct from new.question)
  execute function private.pair_question_changed();

-- Runs that already stopped generating get their signals too.
insert into public.run_signals (run_id, workspace_id)
select r.id, r.workspace_id from public.runs r
where r.status not in ('queued', 'generating') and exists (select 1 from public.pairs p where p.run_id = r.id);
