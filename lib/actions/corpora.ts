'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { actionError, formDataOf, textField, type ActionResult } from '@/lib/actions/result';
import { requireUser } from '@/lib/auth/require';
import { addDocument } from '@/lib/corpus/add-document';
import { ACCEPTED_EXTENSIONS, addDocumentSchema } from '@/lib/corpus/schemas';
import { decodeDocument } from '@/lib/corpus/text';
import { AppError } from '@/lib/errors';
import { countOf } from '@/lib/words';
import { removeDocument } from '@/lib/corpus/remove-document';

const pastedSchema = addDocumentSchema.extend({ text: z.string().refine((text) => text.trim().length > 0, 'Paste the document text.') });

/**
 * Adds one document to a corpus: an uploaded `.md`/`.txt` file, or pasted `title` + `text`.
 * The same domain function as POST /api/corpora/{id}/documents.
 */
export async function addDocumentAction(corpusId: string, formInput: FormData): Promise<ActionResult<{ chunkCount: number }>> {
  try {
    const form = formDataOf(formInput);
    const id = z.uuid().parse(corpusId);
    const file = form.get('file');
    let input;
    if (file instanceof File) {
      const extension = file.name.toLowerCase().match(/\.[^.]+$/)?.[0] ?? '';
      if (!(ACCEPTED_EXTENSIONS as readonly string[]).includes(extension)) {
        throw new AppError('unsupported_document', `Only ${ACCEPTED_EXTENSIONS.join(', ')} files can be added.`);
      }
      input = addDocumentSchema.parse({ title: file.name.replace(/\.[^.]+$/, ''), text: decodeDocument(new Uint8Array(await file.arrayBuffer())) });
    } else {
      input = pastedSchema.parse({ title: textField(form, 'title'), text: textField(form, 'text') });
    }
    const user = await requireUser();
    const added = await addDocument(user, id, input);
    revalidatePath(`/corpora/${id}`);
    revalidatePath('/');
    const duplicates = added.duplicate_chunks ? ` (${countOf(added.duplicate_chunks, 'passage')} already in the corpus)` : '';
    return { ok: true, message: `“${input.title}” added: ${countOf(added.chunk_count, 'chunk')}${duplicates}.`, data: { chunkCount: added.chunk_count } };
  } catch (error) {
    return actionError(error);
  }
}

/** Removes a document and its chunks (the confirm dialog on the corpus page). */
export async function removeDocumentAction(corpusId: string, documentId: string): Promise<ActionResult<{ deletedChunks: number }>> {
  try {
    const user = await requireUser();
    const removed = await removeDocument(user, z.uuid().parse(corpusId), z.uuid().parse(documentId));
    revalidatePath(`/corpora/${corpusId}`);
    revalidatePath('/');
    const runs = removed.affected_runs ? `; ${countOf(removed.affected_runs, 'run')} lost those chunks and their pairs` : '';
    return { ok: true, message: `Document removed with ${countOf(removed.deleted_chunks, 'chunk')}${runs}.`, data: { deletedChunks: removed.deleted_chunks } };
  } catch (error) {
    return actionError(error);
  }
}
