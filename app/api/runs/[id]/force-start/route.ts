// POST /api/runs/{id}/force-start — start a queued run that no worker has taken, in this process
import { NextResponse } from 'next/server';
import { idParam } from '@/lib/api/params';
import { apiRoute } from '@/lib/api/route';
import { requireUser } from '@/lib/auth/require';
import { forceStartRun } from '@/lib/runs/lifecycle/force-start';
import { toRunView } from '@/lib/runs/run-row';

export const POST = apiRoute(async (_request, { params }: RouteContext<'/api/runs/[id]/force-start'>) => {
  const user = await requireUser();
  return NextResponse.json(toRunView(await forceStartRun(user, await idParam(params, 'Run'))), { status: 202 });
});
