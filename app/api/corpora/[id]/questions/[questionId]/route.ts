// DELETE /api/corpora/{id}/questions/{questionId} — remove a test question
import { z } from 'zod';
import { NextResponse } from 'next/server';
import { idParam } from '@/lib/api/params';
import { apiRoute } from '@/lib/api/route';
import { requireUser } from '@/lib/auth/require';
import { removeTestQuestion } from '@/lib/corpus/questions';
import { AppError } from '@/lib/errors';

export const DELETE = apiRoute(async (_request, { params }: RouteContext<'/api/corpora/[id]/questions/[questionId]'>) => {
  const user = await requireUser();
  const corpusId = await idParam(params, 'Corpus');
  const questionId = z.coerce.number().int().positive().max(2 ** 53).safeParse((await params).questionId);
  if (!questionId.success) throw new AppError('not_found', 'Question not found.');
  await removeTestQuestion(user, corpusId, questionId.data);
  return NextResponse.json({ deleted: 1 });
});
