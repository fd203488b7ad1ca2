// GET /api/corpora — corpora of every workspace the caller belongs to
// POST /api/corpora — create a corpus (admins)
import { NextResponse } from 'next/server';
import { requireUser } from '@/lib/auth/require';
import { apiRoute, readJson } from '@/lib/api/route';
import { createCorpus } from '@/lib/corpus/create-corpus';
import { listCorpora } from '@/lib/corpus/list-corpora';
import { createCorpusSchema } from '@/lib/corpus/schemas';

export const GET = apiRoute(async () => {
  const user = await requireUser();
  const corpora = await listCorpora(user);
  return NextResponse.json({
    corpora: corpora.map(({ id, name, workspace_id, document_count, chunk_count }) => ({ id, name, workspace_id, document_count, chunk_count })),
  });
});

export const POST = apiRoute(async (request) => {
  const user = await requireUser();
  const input = await readJson(request, createCorpusSchema);
  const corpus = await createCorpus(user, input);
  return NextResponse.json({ ...corpus, document_count: 0, chunk_count: 0 }, { status: 201 });
});
