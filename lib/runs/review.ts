import 'server-only';
import { z } from 'zod';
import type { SessionUser } from '@/lib/auth/claims';
import { AppError } from '@/lib/errors';
import { withRls } from '@/lib/db/rls';
import { asRunAdmin } from './lifecycle/authorize';

export const REVIEW_STATES = ['pending', 'approved', 'rejected'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

export const pairQuestionSchema = z
  .string()
  .trim()
  .min(3, 'A question needs at least 3 characters.')
  .max(2000, 'A question can be at most 2,000 characters.');

/** Review is closed while training reads the pairs: what is trained on is what was reviewed. */
async function assertReviewable(tx: Parameters<Parameters<typeof asRunAdmin>[2]>[0], runId: string) {
  const [run] = await tx<{ status: string }[]>`select status from public.runs where id = ${runId} for share`;
  if (run?.status === 'training') {
    throw new AppError('invalid_state', 'Pairs cannot be reviewed while the run is training.', { status: 409, fields: { status: run.status } });
  }
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
