-- Every column readable in Supabase Studio: what it holds, in words. The run overview's
-- duration now counts working time (generating and training), not time waiting for review.

comment on column public.workspaces.id is 'Workspace id; every row of every table names its workspace.';
comment on column public.workspaces.name is 'Shown in the workspace switcher.';
comment on column public.workspaces.created_at is 'When the workspace was created.';
comment on column public.workspaces.updated_at is 'Last change to the row.';

comment on column public.workspace_members.workspace_id is 'The workspace.';
comment on column public.workspace_members.user_id is 'The member (auth.users).';
comment on column public.workspace_members.created_at is 'When the user joined the workspace.';

comment on column public.corpora.id is 'Corpus id.';
comment on column public.corpora.workspace_id is 'The workspace that owns the corpus.';
comment on column public.corpora.name is 'Shown in the dashboard.';
comment on column public.corpora.created_by is 'Who created it (null once that user is deleted).';
comment on column public.corpora.created_at is 'When the corpus was created.';
comment on column public.corpora.updated_at is 'Last change to the row.';

comment on column public.documents.id is 'Document id.';
comment on column public.documents.workspace_id is 'The workspace (same as the corpus''s).';
comment on column public.documents.corpus_id is 'The corpus the document belongs to.';
comment on column public.documents.title is 'Given when pasted, or the file name without its extension.';
comment on column public.documents.content is 'The document''s full text (UTF-8, at most 5 MB).';
comment on column public.documents.byte_size is 'Size of the content in bytes of UTF-8.';
comment on column public.documents.created_by is 'Who added it (null once that user is deleted).';
comment on column public.documents.created_at is 'When the document was added.';

comment on column public.chunks.id is 'Chunk id: what runs and pairs refer to.';
comment on column public.chunks.workspace_id is 'The workspace (same as the corpus''s).';
comment on column public.chunks.corpus_id is 'The corpus; a passage is stored once per corpus.';
comment on column public.chunks.document_id is 'The document the passage was first found in.';
comment on column public.chunks.content is 'The passage itself, as the generator and training see it.';
comment on column public.chunks.created_at is 'When the chunk was added (chunks added after a run started are left for a continuation).';

comment on column public.runs.id is 'Run id.';
comment on column public.runs.workspace_id is 'The workspace (same as the corpus''s).';
comment on column public.runs.corpus_id is 'The corpus the run covers.';
comment on column public.runs.error_message is 'What went wrong last, for people; set while a failure status lasts.';
comment on column public.runs.error_code is 'Machine-readable error: provider_failing, provider_rejected, too_many_failed_chunks, corpus_changed, worker_lost, training_error…';
comment on column public.runs.created_by is 'Who started the run (null once that user is deleted).';
comment on column public.runs.created_at is 'When the run was started (queued).';
comment on column public.runs.started_at is 'When a worker first took the run.';
comment on column public.runs.finished_at is 'When the last phase ended (generated, completed, failed or cancelled); null while it works.';
comment on column public.runs.updated_at is 'Last change to the row (counters move as chunks finish).';

comment on column public.run_chunks.run_id is 'The run.';
comment on column public.run_chunks.chunk_id is 'The chunk.';
comment on column public.run_chunks.workspace_id is 'The workspace (same as the run''s).';
comment on column public.run_chunks.state is 'pending (to do), done (its pairs are written) or failed (out of attempts; retry failed chunks sends it back).';
comment on column public.run_chunks.updated_at is 'Last change to the row.';
comment on column public.run_chunks.finished_at is 'When the chunk was done or failed.';

comment on column public.pairs.id is 'Pair id (the review''s cursor order).';
comment on column public.pairs.run_id is 'The run that generated the question.';
comment on column public.pairs.chunk_id is 'The chunk that answers the question.';
comment on column public.pairs.workspace_id is 'The workspace (same as the run''s).';
comment on column public.pairs.question is 'The generated (or reviewed and edited) question.';
comment on column public.pairs.created_at is 'When the pair was written.';
comment on column public.pairs.updated_at is 'Last review or edit.';

comment on column public.run_events.id is 'Event id, in order of insertion.';
comment on column public.run_events.run_id is 'The run.';
comment on column public.run_events.workspace_id is 'The workspace (same as the run''s).';
comment on column public.run_events.at is 'When it happened (set by the database).';
comment on column public.run_events.actor_id is 'The user who acted; null for the worker and the system.';
comment on column public.run_events.to_status is 'Status after the event (equal to from_status for notes such as a recovery).';
comment on column public.run_events.message is 'What happened, in words.';

comment on column public.adapters.run_id is 'The run that trained the adapter.';
comment on column public.adapters.workspace_id is 'The workspace (same as the run''s).';
comment on column public.adapters.weights is 'The adapter matrix, float32 little-endian, dim × dim.';
comment on column public.adapters.created_at is 'When training first checkpointed.';
comment on column public.adapters.updated_at is 'Last checkpoint.';

create or replace view public.run_overview with (security_invoker = on) as
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
  make_interval(secs => (r.active_ms + coalesce(extract(epoch from now() - r.phase_started_at) * 1000, 0)) / 1000.0) as duration,
  r.stop_reason,
  r.error_code,
  r.error_message,
  (r.metrics -> 'baseline' ->> 'mrr')::numeric as baseline_mrr,
  (r.metrics -> 'adapted' ->> 'mrr')::numeric as adapted_mrr
from public.runs r
join public.corpora c on c.id = r.corpus_id;
comment on column public.run_overview.duration is 'Time spent generating and training (not waiting in the queue, for review or after a failure), up to now while it works.';

comment on column public.run_overview.id is 'Run id.';
comment on column public.run_overview.workspace_id is 'The workspace.';
comment on column public.run_overview.corpus_id is 'The corpus the run covers.';
comment on column public.run_overview.corpus_name is 'The corpus''s name.';
comment on column public.run_overview.status is 'queued, generating, generated (awaiting review), training, completed, generating_failed, training_failed or cancelled.';
comment on column public.run_overview.parent_run_id is 'The run this one continues, if any.';
comment on column public.run_overview.total_chunks is 'Chunks the run covers.';
comment on column public.run_overview.processed_chunks is 'Chunks done (pairs written).';
comment on column public.run_overview.failed_chunks is 'Chunks that failed after every attempt.';
comment on column public.run_overview.pair_count is 'Pairs generated.';
comment on column public.run_overview.training_steps_done is 'Training steps checkpointed.';
comment on column public.run_overview.training_steps_total is 'Training steps planned.';
comment on column public.run_overview.created_at is 'When the run was started (queued).';
comment on column public.run_overview.started_at is 'When a worker first took it.';
comment on column public.run_overview.finished_at is 'When its last phase ended.';
comment on column public.run_overview.stop_reason is 'Why the last phase stopped: target_reached, cancelled, provider_failing, too_many_failed_chunks, corpus_changed, worker_lost.';
comment on column public.run_overview.error_code is 'Machine-readable error of a failed run.';
comment on column public.run_overview.error_message is 'What went wrong, for people.';
