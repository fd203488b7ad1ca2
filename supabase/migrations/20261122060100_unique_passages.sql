-- Identical text is stored once per corpus: a re-uploaded document is refused, and a
-- passage already in the corpus is not stored again (a run never pays twice for it).
-- Plus the index that lets proceed count chunks added since a run started.

alter table public.documents add constraint documents_corpus_id_content_hash_key unique (corpus_id, content_hash);

drop index public.chunks_corpus_hash_idx;
create unique index chunks_corpus_hash_key on public.chunks (corpus_id, content_hash);
comment on column public.chunks.content_hash is 'sha256 of the content, hex: unique within a corpus, so identical passages are stored once.';

create index chunks_corpus_created_idx on public.chunks (corpus_id, created_at);
