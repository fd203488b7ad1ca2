import { readFileSync } from 'node:fs';
import path from 'node:path';
import { countTokens } from 'gpt-tokenizer';
import { describe, expect, it } from 'vitest';
import { splitDocument } from '@/lib/corpus/split';
import { checkDocumentText, decodeDocument } from '@/lib/corpus/text';

const section = (n: number) =>
  `## Section ${n}\n\n` +
  Array.from({ length: 6 }, (_, i) => `Paragraph ${i} of section ${n} explains how runs resume after a crash without losing work.`).join('\n\n');

describe('splitDocument', () => {
  it('keeps every chunk within the token budget and numbers them in order', async () => {
    const text = Array.from({ length: 8 }, (_, i) => section(i)).join('\n\n');
    const chunks = await splitDocument(text, { chunkSize: 80, chunkOverlap: 10 });
    expect(chunks.length).toBeGreaterThan(5);
    expect(chunks.map((c) => c.ordinal)).toEqual(chunks.map((_, i) => i));
    for (const chunk of chunks) {
      expect(chunk.tokenCount).toBe(countTokens(chunk.content));
      expect(chunk.tokenCount).toBeLessThanOrEqual(80);
      expect(chunk.contentHash).toMatch(/^[0-9a-f]{64}$/);
    }
    // Every sentence of the source survives splitting.
    for (const sentence of text.split('\n').filter(Boolean)) {
      expect(chunks.some((c) => c.content.includes(sentence))).toBe(true);
    }
  });

  it('prefers Markdown structure: headings start chunks', async () => {
    const chunks = await splitDocument(`${section(1)}\n\n${section(2)}`, { chunkSize: 120, chunkOverlap: 0 });
    expect(chunks.filter((c) => c.content.startsWith('## Section')).length).toBe(2);
  });

  it('makes no chunk without words (a code fence cut off on its own)', async () => {
    // Recall's own configuration page once split into a chunk holding only a closing fence.
    const text = readFileSync(path.resolve(import.meta.dirname, '../../lib/corpus/demo/configuration.md'), 'utf8');
    const chunks = await splitDocument(text, { chunkSize: 128, chunkOverlap: 16 });
    expect(chunks.length).toBeGreaterThan(5);
    expect(chunks.filter((c) => !/[\p{L}\p{N}]/u.test(c.content)).map((c) => c.content)).toEqual([]);
    expect(chunks.map((c) => c.ordinal)).toEqual(chunks.map((_, i) => i));
  });

  it('is deterministic', async () => {
    const text = section(3);
    expect(await splitDocument(text, { chunkSize: 40, chunkOverlap: 8 })).toEqual(await splitDocument(text, { chunkSize: 40, chunkOverlap: 8 }));
  });
});

describe('document text checks', () => {
  it('accepts UTF-8 text, dropping a BOM and normalizing line ends', () => {
    expect(decodeDocument(new TextEncoder().encode('\uFEFFHello\r\nWorld — ünïcode'))).toBe('Hello\nWorld — ünïcode');
  });
  it.each([
    ['non-UTF-8 bytes', () => decodeDocument(Uint8Array.from([0x48, 0xff, 0xfe, 0x00])), 'unsupported_document'],
    ['binary data', () => checkDocumentText('PK\u0003\u0004\u0000\u0000binary'), 'unsupported_document'],
    ['an empty document', () => checkDocumentText(' \n\t '), 'empty_document'],
    ['an oversized document', () => decodeDocument(new Uint8Array(5 * 1024 * 1024 + 1).fill(97)), 'payload_too_large'],
  ])('refuses %s', (_, run, code) => {
    expect(run).toThrowError(expect.objectContaining({ code }));
  });
});
