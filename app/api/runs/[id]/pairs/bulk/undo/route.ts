// POST /api/runs/{id}/pairs/bulk/undo — put back every pair the run's latest bulk decision changed
import { NextResponse } from 'next/server';
import { idParam } from '@/lib/api/params';
import { apiRoute } from '@/lib/api/route';
import { requireUser } from '@/lib/auth/require';
import { undoBulkReview } from '@/lib/review/bulk';

export const POST = apiRoute(async (_request, { params }: RouteContext<'/api/runs/[id]/pairs/bulk/undo'>) => {
  const user = await requireUser();
  const runId = await idParam(params, 'Run');
  return NextResponse.json(await undoBulkReview(user, runId));
});
