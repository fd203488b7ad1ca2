// POST /api/runs/{id}/proceed — resume a failed or cancelled run where it stopped
import { NextResponse } from 'next/server';
import { idParam } from '@/lib/api/params';
import { apiRoute } from '@/lib/api/route';
import { requireUser } from '@/lib/auth/require';
import { proceedRun } from '@/lib/runs/lifecycle/proceed-run';
import { toRunView } from '@/lib/runs/run-row';

export const POST = apiRoute(async (_request, { params }: RouteContext<'/api/runs/[id]/proceed'>) => {
  const user = await requireUser();
  const { run, drift } = await proceedRun(user, await idParam(params, 'Run'));
  return NextResponse.json({ ...toRunView(run), drift }, { status: 202 });
});
