// PATCH /api/pairs/{id} — decide on one pair and/or rewrite its question
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { apiRoute, readJson } from '@/lib/api/route';
import { requireUser } from '@/lib/auth/require';
import { AppError } from '@/lib/errors';
import { decidePair } from '@/lib/review/decide';
import { pairQuestionSchema, REVIEW_STATES } from '@/lib/review/states';

const patchSchema = z
  .strictObject({ review_state: z.enum(REVIEW_STATES).optional(), question: pairQuestionSchema.optional() })
  .refine((body) => body.review_state !== undefined || body.question !== undefined, 'Send review_state, question, or both.');

export const PATCH = apiRoute(async (request, { params }: RouteContext<'/api/pairs/[id]'>) => {
  const user = await requireUser();
  const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).safeParse((await params).id);
  if (!id.success || !/^\d+$/.test((await params).id)) throw new AppError('not_found', 'Pair not found.');
  const change = await readJson(request, patchSchema, { maxBytes: 16 * 1024 });
  return NextResponse.json({ pair: await decidePair(user, id.data, change) });
});
