// GET /api/runs/{id}/pairs?cursor= — the run's question/chunk pairs, in order
import { NextResponse } from 'next/server';
import { idParam } from '@/lib/api/params';
import { apiRoute } from '@/lib/api/route';
import { requireUser } from '@/lib/auth/require';
import { listPairs } from '@/lib/runs/queries';

export const GET = apiRoute(async (request, { params }: RouteContext<'/api/runs/[id]/pairs'>) => {
  const user = await requireUser();
  const runId = await idParam(params, 'Run');
  return NextResponse.json(await listPairs(user, runId, { cursor: request.nextUrl.searchParams.get('cursor') }));
});
