// GET /api/runs/{id} — one run's status and counters
// DELETE /api/runs/{id} — remove a failed, cancelled or generated run and its pairs
import { NextResponse } from 'next/server';
import { idParam } from '@/lib/api/params';
import { apiRoute } from '@/lib/api/route';
import { requireUser } from '@/lib/auth/require';
import { removeRun } from '@/lib/runs/lifecycle/remove-run';
import { getRun } from '@/lib/runs/queries';

export const GET = apiRoute(async (_request, { params }: RouteContext<'/api/runs/[id]'>) => {
  const user = await requireUser();
  return NextResponse.json(await getRun(user, await idParam(params, 'Run')));
});

export const DELETE = apiRoute(async (_request, { params }: RouteContext<'/api/runs/[id]'>) => {
  const user = await requireUser();
  return NextResponse.json(await removeRun(user, await idParam(params, 'Run')));
});
