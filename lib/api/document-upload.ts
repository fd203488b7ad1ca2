import 'server-only';
import { AppError } from '@/lib/errors';
import { addDocumentSchema, ACCEPTED_EXTENSIONS, MAX_DOCUMENT_BYTES, type AddDocumentInput } from '@/lib/corpus/schemas';
import { decodeDocument } from '@/lib/corpus/text';
import { parseWith, readJson } from './route';

/** Room for multipart boundaries and the title field around a maximal file. */
const MULTIPART_OVERHEAD = 64 * 1024;

/** A document from a JSON body `{title, text}` or a multipart upload (`file`, optional `title`). */
export async function readDocumentUpload(request: Request): Promise<AddDocumentInput> {
  const type = request.headers.get('content-type') ?? '';
  if (!type.startsWith('multipart/form-data')) {
    return readJson(request, addDocumentSchema, { maxBytes: MAX_DOCUMENT_BYTES + MULTIPART_OVERHEAD });
  }
  if (Number(request.headers.get('content-length') ?? 0) > MAX_DOCUMENT_BYTES + MULTIPART_OVERHEAD) {
    throw new AppError('payload_too_large', `Documents can be at most ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB.`);
  }
  const form = await request.formData().catch(() => {
    throw new AppError('bad_request', 'The multipart body could not be read.');
  });
  const file = form.get('file');
  if (!(file instanceof File)) throw new AppError('validation_failed', 'Attach the document as the "file" field.', { details: { fieldErrors: { file: ['Required.'] } } });
  const extension = file.name.toLowerCase().match(/\.[^.]+$/)?.[0] ?? '';
  if (!(ACCEPTED_EXTENSIONS as readonly string[]).includes(extension)) {
    throw new AppError('unsupported_document', `Upload a ${ACCEPTED_EXTENSIONS.join(', ')} file.`);
  }
  const text = decodeDocument(new Uint8Array(await file.arrayBuffer()));
  const title = String(form.get('title') ?? '').trim() || file.name.replace(/\.[^.]+$/, '');
  return parseWith(addDocumentSchema, { title, text });
}
