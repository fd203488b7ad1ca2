import 'server-only';
import type { TransactionSql } from 'postgres';
import type { SessionUser } from '@/lib/auth/claims';
import { AppError } from '@/lib/errors';
import { withRls } from '@/lib/db/rls';
import { assertAllowed } from './available-actions';
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
        : await tx`update public.pairs set review_state = ${state} where run_id = ${runId} and id = any(${target.pairIds}::bigint[])`;
    return { updated: result.count };
  });
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
