'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { actionError, type ActionResult } from '@/lib/actions/result';
import { requireUser } from '@/lib/auth/require';
import { BULK_TARGET, bulkReview, undoBulkReview } from '@/lib/review/bulk';
import { BULK_ACTIONS, pairFilterSchema } from '@/lib/review/filter';
import { countPairs } from '@/lib/review/list';
import { countOf } from '@/lib/words';

const uuid = z.uuid();
const action = z.enum(BULK_ACTIONS);

/** How many pairs a bulk action on the filter would change (the confirm dialog's number). */
export async function countBulkAction(runId: string, filter: unknown, name: string): Promise<ActionResult<{ count: number }>> {
  try {
    const id = uuid.parse(runId);
    const user = await requireUser();
    const count = await countPairs(user, id, pairFilterSchema.parse(filter), BULK_TARGET[action.parse(name)]);
    return { ok: true, message: countOf(count, 'pair'), data: { count } };
  } catch (error) {
    return actionError(error);
  }
}

const DONE: Record<(typeof BULK_ACTIONS)[number], string> = { approve: 'approved', reject: 'rejected', reset: 'reset to pending' };

export async function bulkReviewAction(runId: string, filter: unknown, name: string): Promise<ActionResult<{ affected: number; batchId: number }>> {
  try {
    const id = uuid.parse(runId);
    const user = await requireUser();
    const verb = action.parse(name);
    const { affected, batch_id } = await bulkReview(user, id, pairFilterSchema.parse(filter), verb);
    revalidatePath(`/runs/${id}`);
    return { ok: true, message: `${countOf(affected, 'pair')} ${DONE[verb]}.`, data: { affected, batchId: batch_id } };
  } catch (error) {
    return actionError(error);
  }
}

export async function undoBulkReviewAction(runId: string): Promise<ActionResult<{ restored: number }>> {
  try {
    const id = uuid.parse(runId);
    const user = await requireUser();
    const { restored, skipped } = await undoBulkReview(user, id);
    revalidatePath(`/runs/${id}`);
    return { ok: true, message: `Undone: ${countOf(restored, 'pair')} back as they were${skipped ? ` (${countOf(skipped, 'pair')} changed since were left)` : ''}.`, data: { restored } };
  } catch (error) {
    return actionError(error);
  }
}
