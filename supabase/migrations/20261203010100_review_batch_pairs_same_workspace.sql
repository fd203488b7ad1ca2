-- An undo record must belong to its batch's workspace and name a pair of that workspace:
-- otherwise an admin of one workspace could plant records in another's batch (batch ids are
-- sequential) and steer that workspace's undo. Checked once per statement over the rows it
-- added (a bulk decision writes thousands at a time), not with composite foreign keys, which
-- would need a second unique index on pairs, the hottest table.

create function private.review_batch_pairs_same_workspace() returns trigger
language plpgsql set search_path = '' as $$
begin
  if exists (
    select 1 from added a
    left join public.review_batches b on b.id = a.batch_id and b.workspace_id = a.workspace_id
    left join public.pairs p on p.id = a.pair_id and p.workspace_id = a.workspace_id and p.run_id = b.run_id
    where b.id is null or p.id is null
  ) then
    raise exception 'an undo record must name a batch and a pair of its own run and workspace'
      using errcode = '23503';
  end if;
  return null;
end
$$;
comment on function private.review_batch_pairs_same_workspace() is 'Trigger: refuses undo records whose batch or pair belongs to another run or workspace.';
revoke all on function private.review_batch_pairs_same_workspace() from public;
create trigger review_batch_pairs_same_workspace after insert on public.review_batch_pairs
  referencing new table as added for each statement execute function private.review_batch_pairs_same_workspace();
