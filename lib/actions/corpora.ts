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
import { addTestQuestions, listDocumentTitles, removeTestQuestion, testQuestionSchema } from '@/lib/corpus/questions';
import { parseInput } from '@/lib/validation';

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

/**
 * The corpus page's test questions: one question with its document, or many pasted as JSON
 * lines (`{"question": "…", "document": "<title>"}` or `{"question": "…", "chunk_id": "…"}`).
 */
export async function addQuestionsAction(corpusId: string, formInput: FormData): Promise<ActionResult<{ created: number }>> {
  try {
    const form = formDataOf(formInput);
    const id = z.uuid().parse(corpusId);
    const user = await requireUser();
    const lines = textField(form, 'lines').trim();
    let questions;
    if (lines) {
      const documents = await listDocumentTitles(user, id);
      questions = lines.split('\n').filter((line) => line.trim()).map((line, i) => {
        let parsed: Record<string, unknown>;
        try {
          parsed = JSON.parse(line) as Record<string, unknown>;
        } catch {
          throw new AppError('validation_failed', `Line ${i + 1} is not JSON.`, { details: { fieldErrors: { lines: [`Line ${i + 1} is not JSON.`] } } });
        }
        const { document, ...rest } = parsed;
        const documentId = typeof document === 'string' ? documents.get(document) : undefined;
        if (typeof document === 'string' && !documentId) {
          throw new AppError('validation_failed', `Line ${i + 1}: no document is titled “${document}”.`, { details: { fieldErrors: { lines: [`Line ${i + 1}: no document titled “${document}”.`] } } });
        }
        return parseInput(testQuestionSchema, { ...rest, ...(documentId ? { document_id: documentId } : {}) });
      });
    } else {
      questions = [parseInput(testQuestionSchema, { question: textField(form, 'question'), document_id: textField(form, 'document_id') || undefined })];
    }
    const { created } = await addTestQuestions(user, id, questions);
    revalidatePath(`/corpora/${id}`);
    return { ok: true, message: `${countOf(created, 'question')} added to the test set.`, data: { created } };
  } catch (error) {
    return actionError(error);
  }
}

export async function removeQuestionAction(corpusId: string, questionId: number): Promise<ActionResult> {
  try {
    const id = z.uuid().parse(corpusId);
    const user = await requireUser();
    await removeTestQuestion(user, id, z.int().positive().parse(questionId));
    revalidatePath(`/corpora/${id}`);
    return { ok: true, message: 'Question removed.' };
  } catch (error) {
    return actionError(error);
  }
}
