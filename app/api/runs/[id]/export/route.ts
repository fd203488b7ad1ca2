// GET /api/runs/{id}/export?format=&state=&lineage=&gzip=&q=&document_id=&chunk_id=&signal= — the pairs in a trainer's layout, streamed
import { idParam } from '@/lib/api/params';
import { apiRoute, parseWith } from '@/lib/api/route';
import { requireUser } from '@/lib/auth/require';
import { exportPairs } from '@/lib/export/export-pairs';
import { exportQuerySchema } from '@/lib/export/formats';
import { queryObject } from '@/lib/review/filter';

export const GET = apiRoute(async (request, { params }: RouteContext<'/api/runs/[id]/export'>) => {
  const user = await requireUser();
  const runId = await idParam(params, 'Run');
  const query = parseWith(exportQuerySchema, queryObject(request.nextUrl.searchParams));
  const { body, headers } = await exportPairs(user, runId, query);
  return new Response(body, { headers });
});
