import { cleanQuestions, GenerationError, type Generator } from './generator';
import { headingQuestion, listIntroQuestion, listItemQuestion } from './offline/block-rules';
import { capitalise, lead, stripEnd, type Candidate, type Context, type Kind } from './offline/grammar';
import { parseChunk, type Heading, type ParsedChunk, type Sentence } from './offline/parse';
import { keyPhrases } from './offline/phrases';
import { factQuestions } from './offline/fact-rules';
import { sentenceQuestions } from './offline/sentence-rules';
import { isPlural, NOUN_VERBS, VERBS } from './offline/words';

/**
 * The built-in question generator: no model, no network. It reads the chunk's Markdown
 * structure and sentence shapes and turns them into the questions they answer — headings
 * into "How do you …?", definitions into "What is …?", conditions into "What happens
 * when …?", modals into "Can I …?" — and falls back to questions about the chunk's key
 * phrases. Deterministic and linear in the chunk's length: it is the default when no LLM is
 * configured and the engine benchmark's generator.
 */
export function createOfflineGenerator(): Generator {
  return {
    name: 'offline',
    async generate({ content, count, signal }) {
      if (signal.aborted) throw aborted(signal);
      const questions = offlineQuestions(content, count);
      if (signal.aborted) throw aborted(signal);
      // The offline generator is deterministic: a chunk it cannot ask about now, it never will.
      if (questions.length === 0) throw new GenerationError('output', 'The chunk has no words to ask about.', { code: 'empty_chunk', final: true });
      return questions;
    },
  };
}

function aborted(signal: AbortSignal) {
  return new GenerationError('aborted', 'Question generation was cancelled.', { cause: signal.reason });
}

/** Candidates at or above this score are specific questions (not fallbacks or plain actions). */
const STRONG = 6;
const MIN_WORDS = 4;
const MAX_WORDS = 25;
const MARKUP_RE = /[`*#|[\]]/g;
const UNTIDY_RE = /[`*#|[\]]|\s\s|\s[?,]|^\s|\s$/;
const PARENS_RE = /[()]/g;
const QUOTES_RE = /"/g;
const SPACE_RE = /\s+/g;
const SPACE_BEFORE_PUNCT_RE = /\s+([?,])/g;
/** Every word capitalised except short function words: "Getting Started with Recall". */
const TITLE_CASE_RE = /^[A-Z0-9][^ ]*(?: (?:[A-Z0-9][^ ]*|a|an|and|as|at|by|for|in|of|on|or|the|to|with))+$/;
/** The topic templates, asked only where a chunk offers no sentence to ask about. */
const FALLBACK_LEADS = ['What does the documentation say about', 'What should I know about', 'What details are given about'] as const;
const FALLBACKS = FALLBACK_LEADS.map((lead) => (p: string) => `${lead} ${p}?`);

/** Whether a question is one of the topic templates (the bench measures their share). */
export const isTemplateQuestion = (question: string) => FALLBACK_LEADS.some((lead) => question.startsWith(`${lead} `));

/** Up to `count` distinct questions the chunk answers; fewer only when the chunk is tiny. */
export function offlineQuestions(content: string, count: number): string[] {
  const want = Math.min(10, Math.max(1, Math.floor(count) || 1));
  const parsed = parseChunk(content);
  const { headings, sentences } = parsed;
  const topics = new Map(headings.map((h) => [h, actionTopic(h)]));
  const ctx: Context = {
    // Title Case headings would make every word look like a name; " . " keeps texts apart.
    text: ` . ${[...headings.filter((h) => !TITLE_CASE_RE.test(h.text)).map((h) => h.text), ...sentences.map((s) => s.text)].join(' . ')} . `,
    code: parsed.code,
    topic: null,
    names: new Map(headings.filter((h) => topics.get(h)).map((h) => [h.text.toLowerCase(), topics.get(h)!])),
    out: [],
  };
  read(parsed, ctx, topics, want);

  const picked = pick(ctx.out, want, sentences);
  if (picked.length < want) {
    const phrases = keyPhrases(parsed, want, (word) => lead(word, ctx, true));
    // Asking about the same phrase twice only pays off when there is more than a line to answer from.
    const rounds = content.length >= 60 ? FALLBACKS.length : 1;
    for (let round = 0; picked.length < want && round < rounds; round++) {
      for (const p of phrases) {
        const q = finish(FALLBACKS[(round + picked.length) % FALLBACKS.length]!(withArticle(p, parsed.code)), sentences, 1);
        if (q && !picked.some((x) => x.toLowerCase() === q.toLowerCase())) picked.push(q);
        if (picked.length === want) break;
      }
    }
  }
  return cleanQuestions(picked, want);
}

/**
 * Headings and sentences in order, until there are enough good questions of enough kinds:
 * a long chunk need not be read to its end for three questions.
 */
function read(parsed: ParsedChunk, ctx: Context, topics: Map<Heading, string | null>, want: number) {
  const { headings, sentences } = parsed;
  const strongSources = new Set<number>();
  const strongKinds = new Set<Kind>();
  let seen = 0;
  let h = 0;
  for (const s of sentences) {
    for (; h < headings.length && headings[h]!.index <= s.index; h++) askHeading(headings[h]!, sentences, ctx);
    if (s.paraStart) ctx.topic = s.section ? (topics.get(s.section) ?? null) : null;
    if (s.list && s.paraStart) listItemQuestion(s, ctx);
    sentenceQuestions(s, ctx);
    factQuestions(s, ctx);
    if (s.text.endsWith(':')) listIntroQuestion(s, ctx);
    for (; seen < ctx.out.length; seen++) {
      const c = ctx.out[seen]!;
      if (c.score < STRONG) continue;
      strongSources.add(c.src);
      strongKinds.add(c.kind);
    }
    if (strongSources.size >= want && strongKinds.size >= Math.min(want, 3)) return;
  }
  for (; h < headings.length; h++) askHeading(headings[h]!, sentences, ctx); // trailing headings
}

function askHeading(h: Heading, sentences: Sentence[], ctx: Context) {
  const first = sentences[h.index];
  headingQuestion(h, first?.section === h ? first : null, ctx);
}

/** Best first, but spread over kinds of question and over sentences. */
function pick(candidates: Candidate[], want: number, sentences: Sentence[]): string[] {
  const ranked = candidates.slice().sort((a, b) => b.score - a.score); // stable: document order within a score
  const kinds = new Set<Kind>();
  const sources = new Set<number>();
  const tried = new Set<string>();
  const seen = new Set<string>();
  const out: string[] = [];
  for (let pass = 0; pass < 3 && out.length < want; pass++) {
    for (const c of ranked) {
      if (pass === 0 && (kinds.has(c.kind) || sources.has(c.src))) continue;
      if (pass === 1 && sources.has(c.src)) continue;
      if (tried.has(c.text)) continue; // the same text twice: already taken or refused
      tried.add(c.text);
      const q = finish(c.text, sentences, MIN_WORDS);
      if (!q || seen.has(q.toLowerCase())) continue;
      seen.add(q.toLowerCase());
      kinds.add(c.kind);
      sources.add(c.src);
      out.push(q);
      if (out.length === want) break;
    }
  }
  return out;
}

/** Plain text, capitalised, "?"-terminated, 4–25 words, and not a sentence of the chunk; else null. */
function finish(text: string, sentences: Sentence[], minWords: number): string | null {
  let q = UNTIDY_RE.test(text) ? text.replace(MARKUP_RE, '').replace(SPACE_RE, ' ').replace(SPACE_BEFORE_PUNCT_RE, '$1').trim() : text;
  if (q.includes('(') || q.includes(')')) {
    if (count(q, '(') !== count(q, ')')) q = q.replace(PARENS_RE, '');
  }
  if (q.includes('"') && count(q, '"') % 2 === 1) q = q.replace(QUOTES_RE, '');
  q = `${capitalise(stripEnd(q))}?`;
  const words = q.split(' ').length;
  if (words < minWords || words > MAX_WORDS || q.indexOf('?') < q.length - 1) return null;
  return isVerbatim(q, sentences) ? null : q;
}

/** The question is a sentence of the chunk with "?" for its full stop. */
function isVerbatim(q: string, sentences: Sentence[]): boolean {
  let body: string | null = null;
  for (const s of sentences) {
    if (s.text.length !== q.length) continue;
    body ??= q.slice(0, -1).toLowerCase();
    if (s.text.slice(0, -1).toLowerCase() === body) return true;
  }
  return false;
}

/** "run" → "the run"; "failed chunks", "Recall", `PORT` and "HTTP 409" stay as they are. */
function withArticle(phrase: string, code: Set<string>): string {
  if (phrase.includes(' ') || code.has(phrase) || phrase !== phrase.toLowerCase() || isPlural(phrase) || !/^[a-z]+$/.test(phrase)) return phrase;
  return `the ${phrase}`;
}

function count(text: string, char: string): number {
  let n = 0;
  for (let i = text.indexOf(char); i >= 0; i = text.indexOf(char, i + 1)) n++;
  return n;
}

/** A section named for an action ("## Proceed", "## Force start") is what a paragraph's "it" means. */
function actionTopic(section: Heading): string | null {
  const words = section.text.split(' ');
  const first = words[0]!.toLowerCase();
  if (words.length > 2 || isPlural(first) || NOUN_VERBS.has(first)) return null;
  return VERBS.has(first) ? capitalise(section.text) : null;
}
