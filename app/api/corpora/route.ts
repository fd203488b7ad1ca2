// GET /api/corpora — corpora of every workspace the caller belongs to
import { NextResponse } from 'next/server';
import { requireUser } from '@/lib/auth/require';
import { apiRoute } from '@/lib/api/route';
import { listCorpora } from '@/lib/corpus/list-corpora';

export const GET = apiRoute(async () => {
  const user = await requireUser();
  const corpora = await listCorpora(user);
  return NextResponse.json({
    corpora: corpora.map(({ id, name, workspace_id, document_count, chunk_count }) => ({ id, name, workspace_id, document_count, chunk_count })),
  });
});
