// POST /api/runs/{id}/retry-failed — process a generated run's failed chunks again
import { NextResponse } from 'next/server';
import { idParam } from '@/lib/api/params';
import { apiRoute } from '@/lib/api/route';
import { requireUser } from '@/lib/auth/require';
import { retryFailedChunks } from '@/lib/runs/lifecycle/retry-failed';
import { toRunView } from '@/lib/runs/run-row';

export const POST = apiRoute(async (_request, { params }: RouteContext<'/api/runs/[id]/retry-failed'>) => {
  const user = await requireUser();
  const { run, retried } = await retryFailedChunks(user, await idParam(params, 'Run'));
  return NextResponse.json({ ...toRunView(run), retried_chunks: retried }, { status: 202 });
});
