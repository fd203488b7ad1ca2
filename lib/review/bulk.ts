import 'server-only';
import type { TransactionSql } from 'postgres';
import type { SessionUser } from '@/lib/auth/claims';
import { withRls } from '@/lib/db/rls';
import { AppError } from '@/lib/errors';
import { actorOf, recordEvent } from '@/lib/runs/events';
import { asRunAdmin } from '@/lib/runs/lifecycle/authorize';
import { assertReviewable } from './decide';
import { describeFilter, type BulkAction, type PairFilter } from './filter';
import { pairFilterSql } from './filter-sql';
import type { ReviewState } from './states';

export const BULK_TARGET: Record<BulkAction, ReviewState> = { approve: 'approved', reject: 'rejected', reset: 'pending' };
const VERB: Record<BulkAction, string> = { approve: 'Approved', reject: 'Rejected', reset: 'Reset to pending' };
/** Pairs per statement: each batch locks, records and changes its pairs in one statement. */
export const BULK_BATCH = 10_000;

const pairs = (n: number) => `${n.toLocaleString('en-US')} ${n === 1 ? 'pair' : 'pairs'}`;

/**
 * Approves, rejects or resets every pair of a run matching a filter, in one transaction of
 * batched statements, each of which locks its pairs, writes their previous states (what undo
 * restores) and changes them. The run's row is held exclusively, so bulk decisions on a run
 * (and single ones, which share it) take turns and none is lost. Only the run's latest batch
 * keeps its undo records.
 */
export async function bulkReview(user: SessionUser, runId: string, filter: PairFilter, action: BulkAction): Promise<{ affected: number; batch_id: number }> {
  const to = BULK_TARGET[action];
  return asRunAdmin(user, runId, async (tx) => {
    const run = await assertReviewable(tx, runId, 'bulk-review');
    const actor = actorOf(user);
    const [batch] = await tx<{ id: number }[]>`
      insert into public.review_batches (run_id, workspace_id, actor_id, actor, action, filter, affected)
      values (${runId}, ${run.workspace_id}, ${actor.id}, ${actor.label}, ${action}, ${tx.json(filter)}, 0) returning id::int as id`;
    await tx`delete from public.review_batch_pairs where batch_id in (select id from public.review_batches where run_id = ${runId} and id <> ${batch!.id})`;
    const { where } = await pairFilterSql(tx, runId, filter);
    // The matching pairs are found once (one plan over the whole filter), then changed a batch
    // of ids at a time; finding each batch anew re-read the run for every batch.
    const ids = (await tx<{ id: string }[]>`select p.id from public.pairs p where ${where} and p.review_state <> ${to} order by p.id`).map((row) => row.id);
    let affected = 0;
    for (let start = 0; start < ids.length; start += BULK_BATCH) {
      const [step] = await tx<{ n: number }[]>`
        with target as (
          select p.id, p.review_state from public.pairs p
          where p.id = any(${ids.slice(start, start + BULK_BATCH)}::bigint[]) and p.review_state <> ${to}
          for update of p
        ), saved as (
          insert into public.review_batch_pairs (batch_id, pair_id, workspace_id, previous_state)
          select ${batch!.id}, id, ${run.workspace_id}, review_state from target
        ), changed as (
          update public.pairs set review_state = ${to} from target where public.pairs.id = target.id returning public.pairs.id
        )
        select count(*)::int as n from changed`;
      affected += step!.n;
    }
    await tx`update public.review_batches set affected = ${affected} where id = ${batch!.id}`;
    await recordEvent(tx, runId, { actor, message: `${VERB[action]} ${pairs(affected)} matching ${describeFilter(filter)} (bulk #${batch!.id}, can be undone)` });
    return { affected, batch_id: batch!.id };
  });
}

export type LastBulk = { id: number; action: BulkAction; filter: PairFilter; affected: number; actor: string; created_at: Date; undone_at: Date | null };

/** The run's latest bulk decision, if it can still be undone. */
async function undoableBulk(tx: TransactionSql, runId: string): Promise<LastBulk | null> {
  const [last] = await tx<LastBulk[]>`
    select id::int as id, action, filter, affected, actor, created_at, undone_at from public.review_batches
    where run_id = ${runId} order by id desc limit 1`;
  return last && !last.undone_at && last.affected > 0 ? last : null;
}

/**
 * Undoes the run's latest bulk decision exactly: every pair it changed goes back to the state
 * it had, unless someone decided on that pair again since (that later decision stands, and is
 * counted as skipped).
 */
export async function undoBulkReview(user: SessionUser, runId: string): Promise<{ batch_id: number; restored: number; skipped: number }> {
  return asRunAdmin(user, runId, async (tx) => {
    await assertReviewable(tx, runId, 'bulk-review');
    const last = await undoableBulk(tx, runId);
    if (!last) throw new AppError('nothing_to_do', 'There is no bulk decision to undo on this run.');
    const restored = await tx`
      update public.pairs p set review_state = b.previous_state
      from public.review_batch_pairs b
      where b.batch_id = ${last.id} and p.id = b.pair_id and p.review_state = ${BULK_TARGET[last.action]}`;
    const actor = actorOf(user);
    await tx`update public.review_batches set undone_at = now(), undone_by = ${actor.label}, restored = ${restored.count} where id = ${last.id}`;
    await tx`delete from public.review_batch_pairs where batch_id = ${last.id}`;
    const skipped = last.affected - restored.count;
    await recordEvent(tx, runId, {
      actor,
      message: `Undid bulk #${last.id}: ${pairs(restored.count)} back to their previous state${skipped ? `; ${pairs(skipped)} changed or removed since were left as they are` : ''}`,
    });
    return { batch_id: last.id, restored: restored.count, skipped };
  });
}

/** The bulk decision the run page offers to undo. */
export function lastUndoableBulk(user: SessionUser, runId: string): Promise<LastBulk | null> {
  return withRls(user.claims, (tx) => undoableBulk(tx, runId));
}
