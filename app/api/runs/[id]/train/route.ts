// POST /api/runs/{id}/train — train the retrieval adapter on a generated run's lineage
import { NextResponse } from 'next/server';
import { idParam } from '@/lib/api/params';
import { apiRoute } from '@/lib/api/route';
import { requireUser } from '@/lib/auth/require';
import { trainRun } from '@/lib/runs/lifecycle/train-run';
import { toRunView } from '@/lib/runs/run-row';

export const POST = apiRoute(async (_request, { params }: RouteContext<'/api/runs/[id]/train'>) => {
  const user = await requireUser();
  const run = await trainRun(user, await idParam(params, 'Run'));
  return NextResponse.json(toRunView(run), { status: 202 });
});
