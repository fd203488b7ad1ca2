// POST /api/runs/{id}/continue — a new run over the chunks this run's lineage has not covered
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { idParam } from '@/lib/api/params';
import { apiRoute, readJson } from '@/lib/api/route';
import { requireUser } from '@/lib/auth/require';
import { runConfigInputSchema } from '@/lib/runs/config';
import { continueRun } from '@/lib/runs/lifecycle/continue-run';

const continueSchema = z.object({ config: runConfigInputSchema.optional() });

export const POST = apiRoute(async (request, { params }: RouteContext<'/api/runs/[id]/continue'>) => {
  const user = await requireUser();
  const runId = await idParam(params, 'Run');
  // No body (curl -X POST …/continue) means no options.
  const body = await readJson(request, continueSchema, { empty: {} });
  const child = await continueRun(user, runId, body.config);
  return NextResponse.json({ run_id: child.id, parent_run_id: runId }, { status: 202 });
});
