// POST /api/runs — start a generation run over a corpus (202; 409 when another run blocks it)
// GET /api/runs?corpus_id=&cursor=&before= — runs the caller can see, newest first (cursor: older page, before: newer page)
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { apiRoute, parseWith, readJson } from '@/lib/api/route';
import { requireUser } from '@/lib/auth/require';
import { runConfigInputSchema } from '@/lib/runs/config';
import { startRun } from '@/lib/runs/lifecycle/start-run';
import { listRuns } from '@/lib/runs/queries';

const startRunSchema = z.object({ corpus_id: z.uuid(), config: runConfigInputSchema.optional() });

export const POST = apiRoute(async (request) => {
  const user = await requireUser();
  const body = await readJson(request, startRunSchema);
  const run = await startRun(user, body.corpus_id, body.config);
  return NextResponse.json({ run_id: run.id }, { status: 202 });
});

export const GET = apiRoute(async (request) => {
  const user = await requireUser();
  const params = request.nextUrl.searchParams;
  const query = parseWith(z.object({ corpus_id: z.uuid().optional(), cursor: z.string().max(500).optional(), before: z.string().max(500).optional() }), {
    corpus_id: params.get('corpus_id') ?? undefined,
    cursor: params.get('cursor') ?? undefined,
    before: params.get('before') ?? undefined,
  });
  return NextResponse.json(await listRuns(user, { corpusId: query.corpus_id, cursor: query.cursor, before: query.before }));
});
