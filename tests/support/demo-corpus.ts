import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { splitDocument } from '@/lib/corpus/split';

const DEMO_DIR = path.resolve(import.meta.dirname, '../../lib/corpus/demo');

/** The demo corpus split as the app seeds it, with its hand-written questions mapped to the chunks that answer them. */
export async function demoCorpus() {
  const texts: string[] = [];
  const documents: string[] = [];
  for (const file of readdirSync(DEMO_DIR).filter((name) => name.endsWith('.md')).sort()) {
    const parts = await splitDocument(readFileSync(path.join(DEMO_DIR, file), 'utf8'), { chunkSize: 128, chunkOverlap: 16 });
    for (const part of parts) {
      texts.push(part.content);
      documents.push(file.replace(/\.md$/, ''));
    }
  }
  const questions = JSON.parse(readFileSync(path.join(DEMO_DIR, 'questions.json'), 'utf8')) as { question: string; document: string; answer: string }[];
  const relevant = questions.map((q) => {
    const found = new Set<number>();
    texts.forEach((text, i) => {
      if (documents[i] === q.document && (text.includes(q.answer) || text.includes(q.answer.slice(0, 40)) || text.includes(q.answer.slice(-40)))) found.add(i);
    });
    return found;
  });
  return { texts, documents, questions, relevant };
}
