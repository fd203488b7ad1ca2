// GET /api/runs/{id}/adapter — the trained adapter as JSON (W, its factors, the space, the metrics), streamed
import { idParam } from '@/lib/api/params';
import { apiRoute } from '@/lib/api/route';
import { requireUser } from '@/lib/auth/require';
import { exportAdapter } from '@/lib/training/export';

export const GET = apiRoute(async (_request, { params }: RouteContext<'/api/runs/[id]/adapter'>) => {
  const user = await requireUser();
  const runId = await idParam(params, 'Run');
  const body = await exportAdapter(user, runId);
  return new Response(body, {
    headers: {
      'content-type': 'application/json',
      'content-disposition': `attachment; filename="recall-adapter-${runId}.json"`,
      'cache-control': 'no-store',
    },
  });
});
