import 'server-only';
import type { TransactionSql } from 'postgres';
import type { SessionUser } from '@/lib/auth/claims';
import { AppError } from '@/lib/errors';
import { withRls } from '@/lib/db/rls';
import { assertAllowed, type RunAction } from '@/lib/runs/available-actions';
import { actorOf, recordEvent } from '@/lib/runs/events';
import { asRunAdmin } from '@/lib/runs/lifecycle/authorize';
import { RUN_COLUMNS, type RunRow } from '@/lib/runs/run-row';
import { pairQuestionSchema, type ReviewState } from './states';

export { REVIEW_STATES, pairQuestionSchema, type ReviewState } from './states';

/**
 * Review follows the run's rules (closed while training reads the pairs); the row is held so
 * training cannot start meanwhile. A bulk decision holds it exclusively (`for no key update`
 * conflicts with `for share`), so bulk decisions and single ones on a run take turns.
 */
export async function assertReviewable(tx: TransactionSql, runId: string, action: Extract<RunAction, 'review' | 'bulk-review'> = 'review'): Promise<RunRow> {
  const [run] = await tx<RunRow[]>`select ${tx.unsafe(RUN_COLUMNS)} from public.runs where id = ${runId} ${tx.unsafe(action === 'review' ? 'for share' : 'for no key update')}`;
  if (!run) throw new AppError('not_found', 'Run not found.');
  assertAllowed(action, run);
  return run;
}

/** Sets the review state of some of a run's pairs (or of all its pending ones: bulk approve). */
export async function reviewPairs(
  user: SessionUser,
  runId: string,
  target: { pairIds: number[] } | { allPending: true },
  state: ReviewState,
): Promise<{ updated: number }> {
  return asRunAdmin(user, runId, async (tx) => {
    await assertReviewable(tx, runId);
    const result =
      'allPending' in target
        ? await tx`update public.pairs set review_state = ${state} where run_id = ${runId} and review_state = 'pending'`
        : await tx`update public.pairs set review_state = ${state} where run_id = ${runId} and id = any(${target.pairIds}::bigint[]) and review_state <> ${state}`;
    // The run's timeline records review decisions as well as status changes.
    if (result.count > 0) await recordEvent(tx, runId, { actor: actorOf(user), message: reviewMessage(state, result.count, target) });
    return { updated: result.count };
  });
}

const VERB: Record<ReviewState, string> = { approved: 'Approved', rejected: 'Rejected', pending: 'Reset to pending' };
const pairsWord = (n: number) => `${n.toLocaleString('en-US')} ${n === 1 ? 'pair' : 'pairs'}`;

/** The timeline's words for one review decision. */
export function reviewMessage(state: ReviewState, count: number, target: { pairIds: number[] } | { allPending: true }): string {
  if ('allPending' in target) return `${VERB[state]} all ${pairsWord(count)} that were pending`;
  const ids = target.pairIds.length <= 5 ? ` (#${target.pairIds.join(', #')})` : '';
  return `${VERB[state]} ${pairsWord(count)}${ids}`;
}

/** Rewrites a pair's question; an edited pair counts as approved. */
export async function editPair(user: SessionUser, runId: string, pairId: number, question: string) {
  const text = pairQuestionSchema.parse(question);
  return asRunAdmin(user, runId, async (tx) => {
    await assertReviewable(tx, runId);
    const [pair] = await tx<{ id: number; question: string; review_state: ReviewState }[]>`
      update public.pairs set question = ${text}, review_state = 'approved' where run_id = ${runId} and id = ${pairId}
      returning id::int as id, question, review_state`;
    if (!pair) throw new AppError('not_found', 'Pair not found.');
    await recordEvent(tx, runId, { actor: actorOf(user), message: `Edited pair #${pair.id} (approved): “${text.length > 120 ? `${text.slice(0, 119)}…` : text}”` });
    return pair;
  });
}

/** The run a pair belongs to, if the user can see it. */
export async function runOfPair(user: SessionUser, pairId: number): Promise<string> {
  const [pair] = await withRls(user.claims, (tx) => tx<{ run_id: string }[]>`select run_id from public.pairs where id = ${pairId}`);
  if (!pair) throw new AppError('not_found', 'Pair not found.');
  return pair.run_id;
}

/** One pair's decision and/or new question (PATCH /api/pairs/{id}, keyboard review). */
export async function decidePair(user: SessionUser, pairId: number, change: { review_state?: ReviewState; question?: string }) {
  const runId = await runOfPair(user, pairId);
  if (change.question !== undefined) {
    const edited = await editPair(user, runId, pairId, change.question);
    // An edit approves; a decision given with it wins.
    if (!change.review_state || change.review_state === edited.review_state) return { ...edited, run_id: runId };
  }
  if (change.review_state) await reviewPairs(user, runId, { pairIds: [pairId] }, change.review_state);
  const [pair] = await withRls(user.claims, (tx) => tx<{ id: number; question: string; review_state: ReviewState }[]>`
    select id::int as id, question, review_state from public.pairs where id = ${pairId}`);
  if (!pair) throw new AppError('not_found', 'Pair not found.');
  return { ...pair, run_id: runId };
}
