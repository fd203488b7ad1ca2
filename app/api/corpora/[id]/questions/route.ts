// GET /api/corpora/{id}/questions — the corpus's test questions; POST adds one ({question, chunk_id | document_id}) or many ({questions:[…]})
import { NextResponse } from 'next/server';
import { idParam } from '@/lib/api/params';
import { apiRoute, readJson } from '@/lib/api/route';
import { requireUser } from '@/lib/auth/require';
import { addQuestionsSchema, addTestQuestions, listTestQuestions } from '@/lib/corpus/questions';

export const GET = apiRoute(async (_request, { params }: RouteContext<'/api/corpora/[id]/questions'>) => {
  const user = await requireUser();
  return NextResponse.json({ questions: await listTestQuestions(user, await idParam(params, 'Corpus')) });
});

export const POST = apiRoute(async (request, { params }: RouteContext<'/api/corpora/[id]/questions'>) => {
  const user = await requireUser();
  const corpusId = await idParam(params, 'Corpus');
  const body = await readJson(request, addQuestionsSchema);
  return NextResponse.json(await addTestQuestions(user, corpusId, 'questions' in body ? body.questions : [body]), { status: 201 });
});
