import 'server-only';
import type { TransactionSql } from 'postgres';
import type { SessionUser } from '@/lib/auth/claims';
import { AppError } from '@/lib/errors';
import { withRls } from '@/lib/db/rls';
import { assertAllowed } from './available-actions';
import { actorOf, recordEvent } from './events';
import { asRunAdmin } from './lifecycle/authorize';
import { pairQuestionSchema, type ReviewState } from './review-states';
import { RUN_COLUMNS, type RunRow } from './run-row';

export { REVIEW_STATES, pairQuestionSchema, type ReviewState } from './review-states';

/** Review follows the run's rules (closed while training reads the pairs); the row is held so training cannot start meanwhile. */
async function assertReviewable(tx: TransactionSql, runId: string) {
  const [run] = await tx<RunRow[]>`select ${tx.unsafe(RUN_COLUMNS)} from public.runs where id = ${runId} for share`;
  if (!run) throw new AppError('not_found', 'Run not found.');
  assertAllowed('review', run);
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

export type ReviewPair = { id: number; chunk_id: string; ordinal: number; question: string; review_state: ReviewState; excerpt: string; document_title: string };

/** A page of a run's pairs for review, with an excerpt of each chunk; keyset-paginated by id. */
export async function listPairsForReview(
  user: SessionUser,
  runId: string,
  options: { state?: ReviewState; after?: number; limit?: number },
): Promise<{ pairs: ReviewPair[]; next: number | null }> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
  const rows = await withRls(user.claims, (tx) => tx<ReviewPair[]>`
    select p.id::int as id, p.chunk_id, p.ordinal, p.question, p.review_state, left(c.content, 280) as excerpt, d.title as document_title
    from public.pairs p join public.chunks c on c.id = p.chunk_id join public.documents d on d.id = c.document_id
    where p.run_id = ${runId} and p.id > ${options.after ?? 0}
      and (${options.state ?? null}::text is null or p.review_state = ${options.state ?? null}::text)
    order by p.id limit ${limit + 1}`);
  const page = rows.slice(0, limit);
  return { pairs: page, next: rows.length > limit ? page.at(-1)!.id : null };
}
