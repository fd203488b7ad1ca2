import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GenerationError } from '@/lib/llm/generator';
import { createOfflineGenerator, offlineQuestions } from '@/lib/llm/offline-generator';

const generator = createOfflineGenerator();
const ask = (content: string, count = 3, signal = new AbortController().signal) =>
  generator.generate({ chunkId: 'chunk-1', content, count, signal });

const DEMO_DIR = path.resolve(import.meta.dirname, '../../lib/corpus/demo');
const demoParagraphs = existsSync(DEMO_DIR)
  ? readdirSync(DEMO_DIR)
      .filter((file) => file.endsWith('.md'))
      .flatMap((file) => readFileSync(path.join(DEMO_DIR, file), 'utf8').split(/\n\s*\n/))
  : [];

const RICH_CHUNK = `## Cancel

Cancel stops a run that is \`queued\`, \`generating\` or \`training\`. The run becomes \`cancelled\` at once and remembers which status it left.

Cancelling is cooperative: workers check the run's status frequently and stop within about a second. Chunks that were finished before the cancel stay finished, with their pairs.

A cancelled run still counts as unfinished, so it blocks its corpus until you proceed it or remove it. If you cancel a run twice, the second cancel answers "already cancelled".

## Retry failed chunks

Each chunk is attempted up to three times before it is marked failed. You can retry failed chunks when the run is \`generated\`. To retry them, press **Retry failed chunks** on the [run page](/runs/{id}).

A few rules apply to retries:

- Done chunks are not touched.
- The failed count drops by the number of chunks sent back.

The browser session is kept in an httpOnly cookie. A lineage is a chain of runs linked by \`parent_run_id\`.`;

/** Words a question template brings with it: they do not count as taken from the chunk. */
const TEMPLATE_WORDS = new Set(
  'what which how when where why who does do did is are can could should must have has happens happen mean means meant refer know say says said details given about documentation the a an of to in on for with if that it i you my steps default value values allowed'.split(' '),
);
const STOPWORDS = new Set('and or but not no this these those there their its from into than then also only just any all each every some such more most'.split(' '));
const wordsOf = (text: string) => text.toLowerCase().match(/[a-z0-9_]+(?:[.-][a-z0-9_]+)*/g) ?? [];

function contentWords(text: string): Set<string> {
  return new Set(wordsOf(text).filter((w) => w.length >= 2 && /[a-z]/.test(w) && !TEMPLATE_WORDS.has(w) && !STOPWORDS.has(w)));
}

function expectWellFormed(questions: string[], content: string) {
  const chunkWords = contentWords(content);
  const sentences = new Set(content.split(/(?<=[.!?:])\s+|\n+/).map((s) => s.replace(/[#>*`\-\s]+/g, ' ').trim().replace(/[.!?:]$/, '').toLowerCase()));
  expect(new Set(questions.map((q) => q.toLowerCase())).size).toBe(questions.length);
  for (const question of questions) {
    expect(question).toMatch(/^[A-Z][^?]*\?$/);
    const words = question.split(' ').length;
    expect(words).toBeGreaterThanOrEqual(4);
    expect(words).toBeLessThanOrEqual(25);
    expect(question).not.toMatch(/[`*#|[\]]|\]\(|\s{2}/);
    expect(sentences.has(question.slice(0, -1).toLowerCase())).toBe(false);
    // Grounding: the question names at least one content word of its chunk.
    expect([...contentWords(question)].some((w) => chunkWords.has(w)), `${question} ← ${content.slice(0, 80)}`).toBe(true);
  }
}

describe('offline generator', () => {
  it('is named offline and deterministic', async () => {
    expect(generator.name).toBe('offline');
    const first = await ask(RICH_CHUNK, 5);
    const again = await createOfflineGenerator().generate({ chunkId: 'other', content: RICH_CHUNK, count: 5, signal: new AbortController().signal });
    expect(again).toEqual(first);
    expect(offlineQuestions(RICH_CHUNK, 5)).toEqual(first);
  });

  it('returns exactly count distinct, well-formed questions when the chunk has material', async () => {
    for (let count = 1; count <= 10; count++) {
      const questions = await ask(RICH_CHUNK, count);
      expect(questions).toHaveLength(count);
      expectWellFormed(questions, RICH_CHUNK);
    }
  });

  it('asks different kinds of question, not one template', async () => {
    const questions = await ask(RICH_CHUNK, 6);
    const openers = new Set(questions.map((q) => q.split(' ').slice(0, 2).join(' ')));
    expect(openers.size).toBeGreaterThanOrEqual(4);
  });

  it('leaks no Markdown: code spans, emphasis, links, headings, quotes and tables become plain text', async () => {
    const content = [
      '# The `RECALL_WORKER` *setting*',
      '',
      '> **Note:** `RECALL_WORKER` is the variable that decides where [background work](https://example.com/docs) runs.',
      '',
      '| name | default |',
      '|---|---|',
      '| RECALL_WORKER | inline |',
      '',
      '- `inline` runs workers inside the __web server__.',
      '- `off` leaves background work to `npm run worker` processes.',
    ].join('\n');
    const questions = await ask(content, 5);
    expect(questions.length).toBeGreaterThanOrEqual(3);
    for (const question of questions) expect(question).not.toMatch(/https?:|example\.com|__|\bNote:/);
    expectWellFormed(questions, content);
    expect(questions.join(' ')).toContain('RECALL_WORKER');
  });

  it('turns a definition into "What is …?"', async () => {
    const questions = await ask('A run is a pass of question generation over a corpus. It can be cancelled.');
    expect(questions[0]).toBe('What is a run?');
  });

  it('turns a heading into a question about it', async () => {
    expect(await ask('## Retry failed chunks\n\nFailed chunks are sent back to pending and processed again.')).toContain('How do you retry failed chunks?');
    expect(await ask('## Signing in\n\nEvery page except the sign-in page redirects there while you are signed out.')).toContain('How do you sign in?');
    expect(await ask('## The admin account\n\nThe first start creates one admin with a generated password.')).toContain('What is the admin account?');
  });

  it('turns a condition into "What happens if/when …?"', async () => {
    const questions = await ask('If the provider fails ten times in a row, the run stops as generating_failed. When a run is cancelled, its pending batch jobs are cancelled too.', 4);
    expect(questions).toContain('What happens if the provider fails ten times in a row?');
    expect(questions).toContain('What happens when a run is cancelled?');
  });

  it('turns modals, purposes and list introductions into natural questions', async () => {
    const questions = await ask(
      'You can proceed a cancelled run at any time. To start over from nothing, delete the data folder. Recall has four pages:\n\n- `/login` is the sign-in page.\n- `/` is the dashboard.',
      6,
    );
    expect(questions).toContain('Can I proceed a cancelled run at any time?');
    expect(questions).toContain('How do I start over from nothing?');
    expect(questions).toContain('What pages does Recall have?');
  });

  it('asks about the facts of a passage: how many, how large, when, who', () => {
    const cases: [string, string][] = [
      ['The Eiffel Tower was designed by Gustave Eiffel and was completed in 1889 for the World Fair in Paris.', 'When was the Eiffel Tower completed?'],
      ['The Eiffel Tower was designed by Gustave Eiffel and was completed in 1889 for the World Fair in Paris.', 'Who designed the Eiffel Tower?'],
      ['Marie Curie discovered polonium in 1898. She received two Nobel Prizes.', 'When did Marie Curie discover polonium?'],
      ['The library holds about 12 million books and was founded in 1753.', 'How many books does the library hold?'],
      ['Beethoven wrote nine symphonies. He was born in Bonn in 1770.', 'How many symphonies did Beethoven write?'],
      ['A document can be at most 5 MB of UTF-8 text.', 'How large can a document be?'],
      ['Each chunk gets three attempts before it fails.', 'How many attempts does each chunk get?'],
    ];
    for (const [passage, question] of cases) expect([passage, offlineQuestions(passage, 3)]).toEqual([passage, expect.arrayContaining([question])]);
  });

  it('still answers a tiny chunk, with at least one and at most count questions', async () => {
    for (const content of ['Hello world', 'Retry', '`pg-boss`', '# Workers']) {
      const questions = await ask(content, 5);
      expect(questions.length).toBeGreaterThanOrEqual(1);
      expect(questions.length).toBeLessThanOrEqual(5);
      expect(questions.every((q) => q.trim().length > 0)).toBe(true);
      expect(new Set(questions.map((q) => q.toLowerCase())).size).toBe(questions.length);
    }
  });

  it('refuses a chunk without words as unusable output', async () => {
    await expect(ask('... --- ???')).rejects.toMatchObject({ name: 'GenerationError', kind: 'output' });
  });

  it('throws an aborted GenerationError when the signal has fired', async () => {
    const controller = new AbortController();
    controller.abort(new Error('cancel'));
    const error = await ask(RICH_CHUNK, 3, controller.signal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GenerationError);
    expect((error as GenerationError).kind).toBe('aborted');
  });

  it('answers every paragraph of the demo corpus with three grounded questions', () => {
    const paragraphs = demoParagraphs.filter((p) => p.split(/\s+/).filter(Boolean).length >= 12);
    if (existsSync(DEMO_DIR)) expect(paragraphs.length).toBeGreaterThan(20);
    for (const paragraph of paragraphs) {
      const questions = offlineQuestions(paragraph, 3);
      expect(questions, paragraph.slice(0, 80)).toHaveLength(3);
      expectWellFormed(questions, paragraph);
    }
  });
});
