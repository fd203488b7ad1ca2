-- The knowledge base: corpora hold documents, documents are split into chunks.
-- workspace_id is carried on every row (kept consistent by composite foreign keys) so
-- that policies compare one indexed column instead of joining.

create table public.corpora (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  name text not null check (char_length(btrim(name)) between 1 and 200),
  chunk_size integer not null default 512 check (chunk_size between 64 and 8192),
  chunk_overlap integer not null default 64 check (chunk_overlap >= 0 and chunk_overlap < chunk_size),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (workspace_id, name),
  unique (id, workspace_id)
);
comment on table public.corpora is 'A knowledge base: the documents a run generates questions for.';
comment on column public.corpora.chunk_size is 'Target chunk length in tokens used when splitting documents.';
comment on column public.corpora.chunk_overlap is 'Tokens shared by consecutive chunks of one document.';
create index corpora_created_by_idx on public.corpora (created_by);

create table public.documents (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null,
  corpus_id uuid not null,
  title text not null check (char_length(btrim(title)) between 1 and 500),
  content text not null,
  content_hash text not null,
  byte_size integer not null check (byte_size > 0),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  foreign key (corpus_id, workspace_id) references public.corpora (id, workspace_id) on delete cascade,
  unique (id, corpus_id, workspace_id)
);
comment on table public.documents is 'A source document as uploaded, before splitting.';
comment on column public.documents.content_hash is 'sha256 of the content, hex: detects re-uploads of the same text.';
create index documents_workspace_corpus_idx on public.documents (workspace_id, corpus_id);
create index documents_corpus_created_idx on public.documents (corpus_id, created_at desc);
create index documents_created_by_idx on public.documents (created_by);

create table public.chunks (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null,
  corpus_id uuid not null,
  document_id uuid not null,
  ordinal integer not null check (ordinal >= 0),
  content text not null check (char_length(content) > 0),
  content_hash text not null,
  token_count integer not null check (token_count > 0),
  created_at timestamptz not null default now(),
  foreign key (document_id, corpus_id, workspace_id) references public.documents (id, corpus_id, workspace_id) on delete cascade,
  unique (document_id, ordinal),
  unique (id, workspace_id)
);
comment on table public.chunks is 'A passage of a document: the unit a run generates questions for.';
comment on column public.chunks.ordinal is 'Position of the chunk within its document, from 0.';
comment on column public.chunks.content_hash is 'sha256 of the content, hex: identical passages in a corpus are detected by it.';
comment on column public.chunks.token_count is 'Tokens in content, as counted by the splitter.';
create index chunks_workspace_document_idx on public.chunks (workspace_id, document_id, corpus_id);
create index chunks_corpus_hash_idx on public.chunks (corpus_id, content_hash);

create trigger corpora_touch_updated_at before update on public.corpora
  for each row execute function private.touch_updated_at();

alter table public.corpora enable row level security;
alter table public.documents enable row level security;
alter table public.chunks enable row level security;

grant select, insert, update, delete on public.corpora, public.documents, public.chunks to authenticated;
grant all on public.corpora, public.documents, public.chunks to service_role;

create policy "Members can read corpora" on public.corpora
  for select to authenticated using (workspace_id in (select private.member_workspace_ids()));
create policy "Admins can create corpora" on public.corpora
  for insert to authenticated with check (workspace_id in (select private.admin_workspace_ids()));
create policy "Admins can update corpora" on public.corpora
  for update to authenticated
  using (workspace_id in (select private.admin_workspace_ids()))
  with check (workspace_id in (select private.admin_workspace_ids()));
create policy "Admins can delete corpora" on public.corpora
  for delete to authenticated using (workspace_id in (select private.admin_workspace_ids()));

create policy "Members can read documents" on public.documents
  for select to authenticated using (workspace_id in (select private.member_workspace_ids()));
create policy "Admins can add documents" on public.documents
  for insert to authenticated with check (workspace_id in (select private.admin_workspace_ids()));
create policy "Admins can update documents" on public.documents
  for update to authenticated
  using (workspace_id in (select private.admin_workspace_ids()))
  with check (workspace_id in (select private.admin_workspace_ids()));
create policy "Admins can delete documents" on public.documents
  for delete to authenticated using (workspace_id in (select private.admin_workspace_ids()));

create policy "Members can read chunks" on public.chunks
  for select to authenticated using (workspace_id in (select private.member_workspace_ids()));
create policy "Admins can add chunks" on public.chunks
  for insert to authenticated with check (workspace_id in (select private.admin_workspace_ids()));
create policy "Admins can update chunks" on public.chunks
  for update to authenticated
  using (workspace_id in (select private.admin_workspace_ids()))
  with check (workspace_id in (select private.admin_workspace_ids()));
create policy "Admins can delete chunks" on public.chunks
  for delete to authenticated using (workspace_id in (select private.admin_workspace_ids()));
