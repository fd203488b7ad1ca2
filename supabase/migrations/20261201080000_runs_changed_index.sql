-- The dashboard's live feed asks, twice a second, which runs of a corpus changed since its
-- last look: an index on (corpus_id, updated_at) answers that without reading the others.

create index runs_corpus_updated_idx on public.runs (corpus_id, updated_at);
