// POST /api/corpora/{id}/documents — add a Markdown or text document (JSON or multipart upload)
import { NextResponse } from 'next/server';
import { readDocumentUpload } from '@/lib/api/document-upload';
import { idParam } from '@/lib/api/params';
import { apiRoute } from '@/lib/api/route';
import { requireUser } from '@/lib/auth/require';
import { addDocument } from '@/lib/corpus/add-document';

export const POST = apiRoute(async (request, { params }: RouteContext<'/api/corpora/[id]/documents'>) => {
  const user = await requireUser();
  const corpusId = await idParam(params, 'Corpus');
  const input = await readDocumentUpload(request);
  return NextResponse.json(await addDocument(user, corpusId, input), { status: 201 });
});
