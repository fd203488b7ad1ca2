// GET /api/runs/{id}/pairs?q=&state=&document_id=&chunk_id=&signal=&sort=&cursor= — a page of the run's pairs, filtered, with their signals
import { NextResponse } from 'next/server';
import { idParam } from '@/lib/api/params';
import { apiRoute, parseWith } from '@/lib/api/route';
import { requireUser } from '@/lib/auth/require';
import { pairListQuerySchema, queryObject } from '@/lib/review/filter';
import { listPairs } from '@/lib/review/list';

export const GET = apiRoute(async (request, { params }: RouteContext<'/api/runs/[id]/pairs'>) => {
  const user = await requireUser();
  const runId = await idParam(params, 'Run');
  const { sort, cursor, limit, ...filter } = parseWith(pairListQuerySchema, queryObject(request.nextUrl.searchParams));
  return NextResponse.json(await listPairs(user, runId, { filter, sort, cursor, limit }));
});
