// POST /api/runs/{id}/cancel — stop a queued, generating or training run (finished chunks stay)
import { NextResponse } from 'next/server';
import { idParam } from '@/lib/api/params';
import { apiRoute } from '@/lib/api/route';
import { requireUser } from '@/lib/auth/require';
import { cancelRun } from '@/lib/runs/lifecycle/cancel-run';
import { toRunView } from '@/lib/runs/run-row';

export const POST = apiRoute(async (_request, { params }: RouteContext<'/api/runs/[id]/cancel'>) => {
  const user = await requireUser();
  const { run, alreadyCancelled } = await cancelRun(user, await idParam(params, 'Run'));
  return NextResponse.json({ ...toRunView(run), already_cancelled: alreadyCancelled });
});
