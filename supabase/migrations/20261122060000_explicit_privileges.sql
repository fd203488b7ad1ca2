-- Privileges stated in full. Where a platform grants everything on new tables to the API
-- roles by default (older or self-hosted Supabase), this takes it back — TRUNCATE, which
-- skips RLS, included — and grants exactly what the policies are written for.

revoke all on public.workspaces, public.workspace_members, public.corpora, public.documents, public.chunks,
  public.runs, public.run_chunks, public.pairs, public.run_events from anon, authenticated;

grant select, update on public.workspaces to authenticated;
grant select, insert, update, delete on public.workspace_members to authenticated;
grant select, insert, update, delete on public.corpora, public.documents, public.chunks to authenticated;
grant select, insert, update, delete on public.runs, public.run_chunks, public.pairs to authenticated;
-- The event log is append-only.
grant select, insert on public.run_events to authenticated;
