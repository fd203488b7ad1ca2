-- A corpus's own test questions: real questions people ask, each with the chunk or the
-- document that answers it. Training reports on them first (beside the held-out generated
-- questions), against the whole corpus, with the same baseline and intervals.

create table public.test_questions (
  id bigint generated always as identity primary key,
  workspace_id uuid not null,
  corpus_id uuid not null,
  question text not null check (char_length(question) between 1 and 2000),
  chunk_id uuid,
  document_id uuid,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  check ((chunk_id is null) <> (document_id is null)),
  foreign key (corpus_id, workspace_id) references public.corpora (id, workspace_id) on delete cascade,
  foreign key (chunk_id, workspace_id) references public.chunks (id, workspace_id) on delete cascade,
  foreign key (document_id, corpus_id, workspace_id) references public.documents (id, corpus_id, workspace_id) on delete cascade
);
comment on table public.test_questions is 'Questions people ask of a corpus, with what answers them: a test set training reports on first.';
comment on column public.test_questions.id is 'The question''s number.';
comment on column public.test_questions.workspace_id is 'The workspace (same as the corpus''s).';
comment on column public.test_questions.corpus_id is 'The corpus asked.';
comment on column public.test_questions.question is 'The question as a person asked it.';
comment on column public.test_questions.chunk_id is 'The chunk that answers it (or document_id).';
comment on column public.test_questions.document_id is 'The document that answers it: any of its chunks counts (or chunk_id).';
comment on column public.test_questions.created_by is 'Who added it.';
comment on column public.test_questions.created_at is 'When it was added.';
create index test_questions_corpus_workspace_idx on public.test_questions (corpus_id, workspace_id);
create index test_questions_workspace_idx on public.test_questions (workspace_id);
create index test_questions_chunk_workspace_idx on public.test_questions (chunk_id, workspace_id);
create index test_questions_document_corpus_workspace_idx on public.test_questions (document_id, corpus_id, workspace_id);
create index test_questions_created_by_idx on public.test_questions (created_by);

alter table public.test_questions enable row level security;
revoke all on public.test_questions from anon, authenticated;
grant select, insert, delete on public.test_questions to authenticated;
grant all on public.test_questions to service_role;
create policy "Members can read test questions" on public.test_questions
  for select to authenticated using (workspace_id in (select private.member_workspace_ids()));
create policy "Admins can add test questions" on public.test_questions
  for insert to authenticated with check (workspace_id in (select private.admin_workspace_ids()));
create policy "Admins can remove test questions" on public.test_questions
  for delete to authenticated using (workspace_id in (select private.admin_workspace_ids()));
