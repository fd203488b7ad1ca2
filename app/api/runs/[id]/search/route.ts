// POST /api/runs/{id}/search — one question against the whole corpus: base, adapted and BM25 rankings
import { NextResponse } from 'next/server';
import { idParam } from '@/lib/api/params';
import { apiRoute, readJson } from '@/lib/api/route';
import { requireUser } from '@/lib/auth/require';
import { searchRun, searchSchema } from '@/lib/training/search';

export const POST = apiRoute(async (request, { params }: RouteContext<'/api/runs/[id]/search'>) => {
  const user = await requireUser();
  const runId = await idParam(params, 'Run');
  const input = await readJson(request, searchSchema, { maxBytes: 16 * 1024 });
  return NextResponse.json(await searchRun(user, runId, input));
});
