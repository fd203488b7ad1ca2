-- Batches are numbered when a run's chunks are snapshotted (chunk order, ENGINE.batchSize
-- a batch), so handing a batch to a worker writes one cursor on runs instead of a batch
-- number on each of its chunks. The cursor says how far the current epoch has been handed out.

alter table public.runs
  add column batch_cursor integer not null default 0 check (batch_cursor >= 0);
comment on column public.runs.batch_cursor is 'Batches below this number have been handed to a job in the current epoch; reset to 0 when the run is rescheduled.';
comment on column public.runs.batch_seq is 'Batch numbers used so far: numbers are never reused (released and retried chunks get fresh ones), so neither are job ids.';
comment on column public.run_chunks.batch_no is 'Batch that owns this chunk while it is pending: assigned at the snapshot, renewed when a batch is released or a failed chunk is retried. A batch''s job id derives from run, epoch and batch_no.';

-- Pending chunks of runs started before this change may have no batch yet: number them now.
with numbered as (
  select rc.run_id, rc.chunk_id,
         r.batch_seq + ((row_number() over (partition by rc.run_id order by rc.chunk_id) - 1) / 250)::int as batch_no
  from public.run_chunks rc join public.runs r on r.id = rc.run_id
  where rc.state = 'pending' and rc.batch_no is null
), runs_touched as (
  select run_id, max(batch_no) + 1 as next_seq from numbered group by run_id
), seq as (
  update public.runs r set batch_seq = t.next_seq, batch_cursor = 0 from runs_touched t where r.id = t.run_id
)
update public.run_chunks rc set batch_no = n.batch_no
from numbered n where rc.run_id = n.run_id and rc.chunk_id = n.chunk_id;
