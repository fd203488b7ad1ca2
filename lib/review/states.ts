import { storableText } from '@/lib/validation';

/** A pair's review state (also the SQL check of public.pairs.review_state). */
export const REVIEW_STATES = ['pending', 'approved', 'rejected'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

export const pairQuestionSchema = storableText()
  .trim()
  .min(3, 'A question needs at least 3 characters.')
  .max(2000, 'A question can be at most 2,000 characters.');
