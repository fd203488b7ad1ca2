-- updated_at is what live views compare to keep the fresher of two snapshots of a row. now()
-- is the transaction's start, so a transaction that began earlier but committed later could
-- stamp an older time over a newer one. The stamp is now the statement's clock, and always at
-- least a millisecond after the row's previous one (the row lock orders updates of a row):
-- comparing at millisecond precision, as browsers do, is exact.

create or replace function private.touch_updated_at() returns trigger
language plpgsql set search_path = '' as $$
begin
  new.updated_at := greatest(clock_timestamp(), old.updated_at + interval '1 millisecond');
  return new;
end
$$;
comment on function private.touch_updated_at() is 'Trigger: stamps updated_at on every update, moving forward by at least a millisecond per update of a row.';

-- Retrying a run's failed chunks, and the run page's list of them, read only those.
create index run_chunks_failed_idx on public.run_chunks (run_id) where state = 'failed';
