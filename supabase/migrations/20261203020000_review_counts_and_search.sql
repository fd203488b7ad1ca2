-- Review at a million pairs, measured (npm run bench): four things did not hold up.
--
-- 1. The run page counted its pairs by review state on every render, a scan of all the run's
--    pairs (a second at 1,000,000). The run row now keeps the counts, moved by statement
--    triggers by exactly what each statement changed, as pair_count already is.
--
-- 2. Full-text search under RLS cannot use its index: Postgres evaluates a policy's quals
--    before any non-leakproof qual, and the text-search operator is not leakproof, so a search
--    matching few pairs read every pair of the run (10 s at 1,000,000). The search now goes
--    through private.pairs_matching (security definer, membership checked inside), which
--    reads the index by run and words; the question's tsvector is stored, so a search
--    that must be tested row by row (a common word) costs a comparison, not a parse.
--
-- 3. Every policy reads private.member_workspace_ids() / admin_workspace_ids(), which the
--    planner took for 1,000 rows each (the default for a set-returning function): it charged
--    building that set to every index probe of a nested loop and chose full scans and hash
--    joins instead (2.2 s instead of 16 ms for a searched, sorted page). A user is in a few
--    workspaces; the functions now say so.
--
-- 4. Filtering by review state (approved, rejected: the rare ones) read the run in id order.

alter table public.runs
  add column approved_pairs integer not null default 0 check (approved_pairs >= 0),
  add column rejected_pairs integer not null default 0 check (rejected_pairs >= 0);
comment on column public.runs.approved_pairs is 'Pairs of this run approved by review (kept by the pairs_count_review triggers); pending = pair_count − approved − rejected.';
comment on column public.runs.rejected_pairs is 'Pairs of this run rejected by review (kept by the pairs_count_review triggers).';

update public.runs r set approved_pairs = c.approved, rejected_pairs = c.rejected
from (
  select run_id, (count(*) filter (where review_state = 'approved'))::int as approved, (count(*) filter (where review_state = 'rejected'))::int as rejected
  from public.pairs group by run_id
) c
where r.id = c.run_id;

-- One trigger per statement kind (transition tables cannot be combined with UPDATE OF, so
-- an update that changes no review state costs one join of its own rows). The engine inserts
-- pending pairs only: its inserts scan their rows once and update nothing.
create function private.pairs_count_review_insert() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  update public.runs r set approved_pairs = r.approved_pairs + d.approved, rejected_pairs = r.rejected_pairs + d.rejected
  from (
    select run_id, (count(*) filter (where review_state = 'approved'))::int as approved, (count(*) filter (where review_state = 'rejected'))::int as rejected
    from after_rows where review_state <> 'pending' group by run_id
  ) d
  where r.id = d.run_id;
  return null;
end
$$;
create function private.pairs_count_review_delete() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  update public.runs r set approved_pairs = r.approved_pairs - d.approved, rejected_pairs = r.rejected_pairs - d.rejected
  from (
    select run_id, (count(*) filter (where review_state = 'approved'))::int as approved, (count(*) filter (where review_state = 'rejected'))::int as rejected
    from before_rows where review_state <> 'pending' group by run_id
  ) d
  where r.id = d.run_id;
  return null;
end
$$;
create function private.pairs_count_review_update() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  update public.runs r set approved_pairs = r.approved_pairs + d.approved, rejected_pairs = r.rejected_pairs + d.rejected
  from (
    select n.run_id,
           sum((n.review_state = 'approved')::int - (o.review_state = 'approved')::int)::int as approved,
           sum((n.review_state = 'rejected')::int - (o.review_state = 'rejected')::int)::int as rejected
    from after_rows n join before_rows o on o.id = n.id
    where n.review_state <> o.review_state
    group by n.run_id
  ) d
  where r.id = d.run_id;
  return null;
end
$$;
comment on function private.pairs_count_review_insert() is 'Trigger: counts pairs inserted already approved or rejected into runs.approved_pairs / rejected_pairs (the engine inserts pending ones).';
comment on function private.pairs_count_review_delete() is 'Trigger: takes deleted approved or rejected pairs out of runs.approved_pairs / rejected_pairs.';
comment on function private.pairs_count_review_update() is 'Trigger: moves runs.approved_pairs / rejected_pairs by the review states a statement changed.';
revoke all on function private.pairs_count_review_insert(), private.pairs_count_review_delete(), private.pairs_count_review_update() from public;

create trigger pairs_count_review_insert after insert on public.pairs
  referencing new table as after_rows for each statement execute function private.pairs_count_review_insert();
create trigger pairs_count_review_delete after delete on public.pairs
  referencing old table as before_rows for each statement execute function private.pairs_count_review_delete();
create trigger pairs_count_review_update after update on public.pairs
  referencing old table as before_rows new table as after_rows for each statement execute function private.pairs_count_review_update();

-- Search: the words of each question, stored, indexed together with the run (btree_gin lets
-- one GIN index hold the uuid), so a search of one run reads only that run's matches.
create extension if not exists btree_gin with schema extensions;
alter table public.pairs add column question_tsv tsvector generated always as (to_tsvector('simple', question)) stored;
comment on column public.pairs.question_tsv is 'The question''s words (text search configuration simple: every word as written, any language), for the review''s search.';
drop index public.pairs_question_search_idx;
create index pairs_run_id_question_tsv_idx on public.pairs using gin (run_id, question_tsv);

-- Analysed now: the planner has no statistics for the new column until autovacuum comes by.
analyze public.pairs;

alter function private.member_workspace_ids() rows 4;
alter function private.admin_workspace_ids() rows 4;

create index pairs_run_id_review_state_id_idx on public.pairs (run_id, review_state, id);

create function private.pairs_matching(p_runs uuid[], p_query text, p_cap integer) returns bigint[]
language plpgsql stable security definer set search_path = '' as $$
declare
  found bigint[];
begin
  select array_agg(id) into found from (
    select p.id from public.pairs p
    where p.run_id = any (
        select r.id from public.runs r where r.id = any (p_runs) and r.workspace_id in (select private.member_workspace_ids()))
      and p.question_tsv @@ websearch_to_tsquery('simple', p_query)
    limit p_cap + 1
  ) hits;
  if coalesce(cardinality(found), 0) > p_cap then
    return null;
  end if;
  return coalesce(found, '{}');
end
$$;
comment on function private.pairs_matching(uuid[], text, integer) is 'Ids of the pairs of some runs (of the caller''s workspaces only) whose question matches a web-style search, read through pairs_run_id_question_tsv_idx; null when more than p_cap match (a common word: the caller then tests question_tsv row by row in its own order).';
revoke all on function private.pairs_matching(uuid[], text, integer) from public;
grant execute on function private.pairs_matching(uuid[], text, integer) to authenticated, service_role;
