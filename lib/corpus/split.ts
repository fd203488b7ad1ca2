import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import { countTokens } from 'gpt-tokenizer';
import { sha256 } from './text';

const WORDY_RE = /[\p{L}\p{N}]/u;

export type SplitChunk = { ordinal: number; content: string; contentHash: string; tokenCount: number };

/**
 * Markdown-aware recursive splitting (headings, then paragraphs, then sentences, then
 * words), measured in tokens of the o200k encoding, so that chunk_size means what a model
 * sees. Consecutive chunks share about `overlap` tokens.
 */
export async function splitDocument(text: string, options: { chunkSize: number; chunkOverlap: number }): Promise<SplitChunk[]> {
  const splitter = RecursiveCharacterTextSplitter.fromLanguage('markdown', {
    chunkSize: options.chunkSize,
    chunkOverlap: options.chunkOverlap,
    lengthFunction: (part: string) => countTokens(part),
  });
  const parts = await splitter.splitText(text);
  return parts
    .map((part) => part.trim())
    // A part with no letter or digit (a code fence left alone by a split, a rule) holds
    // nothing to ask about: it would only be a chunk that every run fails on.
    .filter((part) => WORDY_RE.test(part))
    .map((content, ordinal) => ({ ordinal, content, contentHash: sha256(content), tokenCount: Math.max(1, countTokens(content)) }));
}
