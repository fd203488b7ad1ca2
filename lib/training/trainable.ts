import type { ReviewState } from '@/lib/review/states';

/**
 * Which pairs training uses: every pair an admin did not reject (pending ones included, so a
 * run can be trained without reviewing every pair). The one rule the API, the worker and
 * the run page's wording read.
 */
export const TRAINABLE_REVIEW_STATES = ['pending', 'approved'] as const satisfies readonly ReviewState[];
export const isTrainable = (state: ReviewState) => (TRAINABLE_REVIEW_STATES as readonly ReviewState[]).includes(state);
