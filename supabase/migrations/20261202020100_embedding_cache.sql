-- Embeddings from a model provider cost money and time: they are kept per (embedding space,
-- role, content hash), shared by every worker and kept across restarts, so a second training
-- or a search embeds only new texts. Bounded: the least recently used rows beyond
-- RECALL_EMBEDDING_CACHE_MAX_ROWS are deleted after each training. Clearing it is safe:
-- `delete from private.embedding_cache;` (everything is embedded again when next needed).

create table private.embedding_cache (
  space_key text not null check (char_length(space_key) between 1 and 400),
  role text not null check (role in ('query', 'passage')),
  content_hash text not null check (char_length(content_hash) between 1 and 128),
  vector bytea not null,
  created_at timestamptz not null default now(),
  used_at timestamptz not null default now(),
  primary key (space_key, role, content_hash)
);
comment on table private.embedding_cache is 'Embeddings from model providers, per (space, role, sha256 of the text): float32 little-endian. Safe to delete; bounded by RECALL_EMBEDDING_CACHE_MAX_ROWS.';
comment on column private.embedding_cache.space_key is 'The embedding space (provider, model, dimensions).';
comment on column private.embedding_cache.role is 'query or passage (some models embed them differently).';
comment on column private.embedding_cache.content_hash is 'sha256 of the embedded text, hex.';
comment on column private.embedding_cache.used_at is 'Last read or write: the least recently used rows go first when the cache is over its bound.';
create index embedding_cache_used_at_idx on private.embedding_cache (used_at);
alter table private.embedding_cache enable row level security;
revoke all on private.embedding_cache from public, anon, authenticated;
grant all on private.embedding_cache to service_role;

-- Search runs as the user (RLS), who cannot read private tables: this hands over the cached
-- vectors of passages of one corpus the user is a member of, and nothing else.
create function private.cached_passage_vectors(space text, corpus uuid, hashes text[])
returns table (content_hash text, vector bytea)
language sql stable security definer set search_path = '' as $$
  select e.content_hash, e.vector from private.embedding_cache e
  where e.space_key = space and e.role = 'passage' and e.content_hash = any(hashes)
    and exists (
      select 1 from public.chunks c
      where c.corpus_id = corpus and c.content_hash = e.content_hash
        and c.workspace_id in (select private.member_workspace_ids()))
$$;
comment on function private.cached_passage_vectors(text, uuid, text[]) is 'Cached passage vectors of one corpus, for a member of its workspace (search with an adapter trained on a provider''s embeddings).';
revoke all on function private.cached_passage_vectors(text, uuid, text[]) from public;
grant execute on function private.cached_passage_vectors(text, uuid, text[]) to authenticated, service_role;
