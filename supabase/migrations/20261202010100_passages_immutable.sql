-- A chunk's text is what its pairs were generated from and what content_hash names: it
-- never changes in place (an edit is a new document). Only the document a shared passage
-- belongs to may move (removing a document hands the passage to another that contains it).
-- The same holds for a document's text, which its chunks were cut from. Moves between
-- corpora and workspaces are already refused by the composite foreign keys and RLS.

create function private.chunk_text_immutable() returns trigger
language plpgsql set search_path = '' as $$
begin
  if new.content is distinct from old.content or new.content_hash is distinct from old.content_hash
     or new.token_count is distinct from old.token_count then
    raise exception 'a chunk''s text cannot be changed: its pairs and content_hash refer to it'
      using errcode = '42501', hint = 'Add the corrected text as a new document and remove the old one.';
  end if;
  return new;
end
$$;
comment on function private.chunk_text_immutable() is 'Trigger: refuses updates that change a chunk''s content, content_hash or token_count, whoever makes them.';

create function private.document_text_immutable() returns trigger
language plpgsql set search_path = '' as $$
begin
  if new.content is distinct from old.content or new.content_hash is distinct from old.content_hash
     or new.byte_size is distinct from old.byte_size then
    raise exception 'a document''s text cannot be changed: its chunks were cut from it'
      using errcode = '42501', hint = 'Add the corrected text as a new document and remove the old one.';
  end if;
  return new;
end
$$;
comment on function private.document_text_immutable() is 'Trigger: refuses updates that change a document''s content, content_hash or byte_size, whoever makes them.';
revoke all on function private.chunk_text_immutable(), private.document_text_immutable() from public;

create trigger chunks_text_immutable before update on public.chunks
  for each row execute function private.chunk_text_immutable();
create trigger documents_text_immutable before update on public.documents
  for each row execute function private.document_text_immutable();
