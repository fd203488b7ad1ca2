-- How long a run has actually worked: time spent generating or training, not waiting in the
-- queue, for review or for an admin after a failure. Kept by every status transition.

alter table public.runs
  add column active_ms bigint not null default 0 check (active_ms >= 0),
  add column phase_started_at timestamptz;
comment on column public.runs.active_ms is 'Milliseconds spent generating or training in phases that ended (the current phase adds now() - phase_started_at).';
comment on column public.runs.phase_started_at is 'When the current generating or training phase began; null in every other status.';

-- Runs from before: the same sums, from their event history.
with spans as (
  select run_id, to_status, at, lead(at) over (partition by run_id order by at, id) as next_at
  from public.run_events
), totals as (
  select run_id,
         coalesce(sum(extract(epoch from next_at - at) * 1000) filter (where to_status in ('generating', 'training') and next_at is not null), 0)::bigint as done_ms,
         max(at) filter (where to_status in ('generating', 'training') and next_at is null) as open_since
  from spans group by run_id
)
update public.runs r set active_ms = t.done_ms,
       phase_started_at = case when r.status in ('generating', 'training') then coalesce(t.open_since, r.updated_at) end
from totals t where t.run_id = r.id;
