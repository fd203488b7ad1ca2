// DELETE /api/corpora/{id}/documents/{documentId} — remove a document and its chunks
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { idParam } from '@/lib/api/params';
import { apiRoute } from '@/lib/api/route';
import { requireUser } from '@/lib/auth/require';
import { removeDocument } from '@/lib/corpus/remove-document';
import { AppError } from '@/lib/errors';

export const DELETE = apiRoute(async (_request, { params }: RouteContext<'/api/corpora/[id]/documents/[documentId]'>) => {
  const user = await requireUser();
  const corpusId = await idParam(params, 'Corpus');
  const documentId = z.uuid().safeParse((await params).documentId);
  if (!documentId.success) throw new AppError('not_found', 'Document not found.');
  return NextResponse.json(await removeDocument(user, corpusId, documentId.data));
});
