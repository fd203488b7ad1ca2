// POST /api/runs/{id}/train — train the retrieval adapter on a generated run's lineage ({embedder?, model?, trainer?, epochs?})
import { NextResponse } from 'next/server';
import { idParam } from '@/lib/api/params';
import { apiRoute, readJson } from '@/lib/api/route';
import { requireUser } from '@/lib/auth/require';
import { trainRun } from '@/lib/runs/lifecycle/train-run';
import { toRunView } from '@/lib/runs/run-row';
import { trainingOptionsSchema } from '@/lib/training/options';

export const POST = apiRoute(async (request, { params }: RouteContext<'/api/runs/[id]/train'>) => {
  const user = await requireUser();
  const runId = await idParam(params, 'Run');
  // No body means the defaults: the built-in embedder, this worker, 6 epochs.
  const options = await readJson(request, trainingOptionsSchema, { empty: {} });
  const run = await trainRun(user, runId, options);
  return NextResponse.json(toRunView(run), { status: 202 });
});
