// GET /api/runs/{id}/training-pairs — the lineage's trainable pairs as JSON lines, with the split each fell in
import { idParam } from '@/lib/api/params';
import { apiRoute } from '@/lib/api/route';
import { requireUser } from '@/lib/auth/require';
import { exportTrainingPairs } from '@/lib/training/pairs-export';

export const GET = apiRoute(async (_request, { params }: RouteContext<'/api/runs/[id]/training-pairs'>) => {
  const user = await requireUser();
  const runId = await idParam(params, 'Run');
  return new Response(await exportTrainingPairs(user, runId), {
    headers: {
      'content-type': 'application/x-ndjson; charset=utf-8',
      'content-disposition': `attachment; filename="recall-training-pairs-${runId}.jsonl"`,
      'cache-control': 'no-store',
    },
  });
});
