-- Supabase's database linter (unindexed_foreign_keys) wants an index whose leading columns
-- are a foreign key's, in the key's order. These composite keys (id, workspace_id), which
-- stop a row from pointing into another workspace, had indexes with the columns the other
-- way round. The cascades and checks they serve (deleting a corpus, a document or a run)
-- now find their rows by the key itself.
--
-- Not here, on purpose: pairs (run_id, workspace_id) and run_chunks (run_id, workspace_id).
-- Both already have a unique index led by run_id, and run_id alone names one run, so the
-- cascade from runs finds their rows through it; a second index on the two hottest tables
-- would be written with every generated pair and chunk state (docs/architecture.md).

create index documents_corpus_id_workspace_id_idx on public.documents (corpus_id, workspace_id);
create index chunks_document_id_corpus_id_workspace_id_idx on public.chunks (document_id, corpus_id, workspace_id);
create index runs_corpus_id_workspace_id_idx on public.runs (corpus_id, workspace_id);
create index run_events_run_id_workspace_id_idx on public.run_events (run_id, workspace_id);
