import { createHash } from 'node:crypto';
import { AppError } from '@/lib/errors';
import { MAX_DOCUMENT_BYTES } from './schemas';

export const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Turns uploaded bytes into document text, or refuses them: not UTF-8, binary (NUL or
 * many control characters), empty, or larger than MAX_DOCUMENT_BYTES.
 */
export function decodeDocument(bytes: Uint8Array): string {
  if (bytes.byteLength > MAX_DOCUMENT_BYTES) {
    throw new AppError('payload_too_large', `Documents can be at most ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB.`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new AppError('unsupported_document', 'The document is not valid UTF-8 text. Upload Markdown or plain text.');
  }
  return checkDocumentText(text);
}

/** Validates text that arrived as a string (JSON body, pasted text). */
export function checkDocumentText(text: string): string {
  if (Buffer.byteLength(text, 'utf8') > MAX_DOCUMENT_BYTES) {
    throw new AppError('payload_too_large', `Documents can be at most ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB.`);
  }
  // Control characters other than tab, newline, carriage return and form feed mean binary data.
  const controls = text.match(/[\u0000-\u0008\u000B\u000E-\u001F\u007F]/g)?.length ?? 0;
  if (text.includes('\u0000') || controls > Math.max(8, text.length / 1000)) {
    throw new AppError('unsupported_document', 'The document looks like binary data. Upload Markdown or plain text.');
  }
  const normalized = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (normalized.trim() === '') throw new AppError('empty_document', 'The document is empty.');
  return normalized;
}
