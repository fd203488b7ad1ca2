// POST /api/runs/{id}/pairs/bulk — approve, reject or reset every pair matching a filter (undoable)
import { NextResponse } from 'next/server';
import { idParam } from '@/lib/api/params';
import { apiRoute, readJson } from '@/lib/api/route';
import { requireUser } from '@/lib/auth/require';
import { bulkReview } from '@/lib/review/bulk';
import { bulkRequestSchema } from '@/lib/review/filter';

export const POST = apiRoute(async (request, { params }: RouteContext<'/api/runs/[id]/pairs/bulk'>) => {
  const user = await requireUser();
  const runId = await idParam(params, 'Run');
  const { filter, action } = await readJson(request, bulkRequestSchema, { maxBytes: 16 * 1024 });
  return NextResponse.json(await bulkReview(user, runId, filter, action));
});
