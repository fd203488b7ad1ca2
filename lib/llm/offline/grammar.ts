import { AUX, bare, DETERMINERS, GENERIC, isPlural, isVerbS, PREPOSITIONS, PRONOUNS, STOPWORDS, trimToken, VERBS } from './words';

/** How a question was made: the generator prefers a mix of kinds. */
export type Kind =
  | 'heading'
  | 'definition'
  | 'purpose'
  | 'conditional'
  | 'when'
  | 'default'
  | 'list'
  | 'term'
  | 'modal'
  | 'passive'
  | 'why'
  | 'meaning'
  | 'action'
  | 'fact';

export type Candidate = { text: string; score: number; kind: Kind; src: number };

export type Context = {
  /** The sentences and (not Title Case) headings, joined: to tell names from sentence starts. */
  text: string;
  code: Set<string>;
  /** What "it" refers to at this point: the paragraph's defined term or the section's action. */
  topic: string | null;
  /** Headings that name an action, by their lower-case text: "force start" → "Force start". */
  names: Map<string, string>;
  /** Words written with a capital in mid-sentence ("… with Recall"), collected on first use. */
  capitalised?: Set<string>;
  /** Whether a word also appears in lower case, by word. */
  lowerSeen?: Map<string, boolean>;
  out: Candidate[];
};

export function add(ctx: Context, text: string, kind: Kind, score: number, src: number) {
  ctx.out.push({ text, kind, score, src });
}

/**
 * The token as it reads inside a question: "A run" → "a run", "Workers" → "workers", but
 * "Recall", `PORT` and "PostgreSQL" stay. `alone`: the token is a whole singular subject,
 * which in documentation is usually a name ("Continue creates …").
 */
export function lead(token: string, ctx: Context, alone = false): string {
  const lower = token.toLowerCase();
  if (lower === token || ctx.code.has(token) || token === 'I') return token;
  const rest = token.slice(1);
  if (rest !== rest.toLowerCase()) return token; // ALLCAPS, PostgreSQL, Node.js-like
  if (STOPWORDS.has(lower) || DETERMINERS.has(lower) || lower.endsWith('ing')) return lower;
  if (isName(token, ctx)) return token;
  if (!alone || isPlural(lower) || GENERIC.has(lower) || COMMON_NOUN_RE.test(lower) || usedInLowerCase(lower, ctx)) return lower;
  return token;
}

function usedInLowerCase(lower: string, ctx: Context): boolean {
  ctx.lowerSeen ??= new Map();
  let seen = ctx.lowerSeen.get(lower);
  if (seen === undefined) {
    seen = false;
    const needle = ` ${lower}`;
    for (let i = ctx.text.indexOf(needle); i >= 0 && !seen; i = ctx.text.indexOf(needle, i + 1)) seen = !isLetter(ctx.text.charCodeAt(i + needle.length));
    ctx.lowerSeen.set(lower, seen);
  }
  return seen;
}

const CAPITALISED_RE = / ([A-Z][\w-]*(?:\.[\w-]+)*)/g;

/** Written with a capital in the middle of a sentence ("… with Recall"): a name, not a sentence start. */
export function isName(token: string, ctx: Context): boolean {
  if (token.includes(' ')) return isNameIn(token, ctx.text);
  if (!ctx.capitalised) {
    ctx.capitalised = new Set();
    for (const match of ctx.text.matchAll(CAPITALISED_RE)) {
      if (midSentence(ctx.text.charCodeAt(match.index - 1))) ctx.capitalised.add(match[1]!);
    }
  }
  return ctx.capitalised.has(trimToken(token));
}

function isNameIn(phraseText: string, text: string): boolean {
  const needle = ` ${phraseText}`;
  for (let i = text.indexOf(needle); i > 0; i = text.indexOf(needle, i + 1)) {
    if (midSentence(text.charCodeAt(i - 1)) && !isLetter(text.charCodeAt(i + needle.length))) return true;
  }
  return false;
}

function midSentence(before: number): boolean {
  return (before >= 97 && before <= 122) || before === 44 || before === 41; // a-z , )
}

function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

/** Tokens → a phrase for inside a question (first token lower-cased when it is not a name). */
export function phrase(tokens: readonly string[], ctx: Context): string {
  if (tokens.length === 0) return '';
  const first = lead(tokens[0]!, ctx, tokens.length === 1);
  return tokens.length === 1 ? first : `${first} ${tokens.slice(1).join(' ')}`;
}

const LETTER_RE = /[A-Za-z]/;
/** Endings of common nouns, which are no names: "Configuration", "Glossary". */
const COMMON_NOUN_RE = /(?:tion|sion|ment|ness|ity|ance|ence|ure|ogy|ary|ics)$/;
const VAGUE = new Set(['result', 'results', 'answer', 'response', 'reason', 'way', 'example', 'goal', 'idea', 'point', 'difference', 'differences', 'rest', 'same', 'other', 'others', 'following', 'problem', 'thing', 'things']);
const SUBJECT_ADVERBS = new Set(['still', 'also', 'only', 'always', 'never', 'now', 'then', 'already', 'often', 'usually', 'normally', 'automatically', 'typically']);

/** A subject a question can name: short, no clause, not a bare pronoun (except a resolvable "it"). */
export function subject(tokens: readonly string[], lowers: readonly string[], ctx: Context): string | null {
  const n = tokens.length;
  if (n === 0 || n > 6) return null;
  if (!tokens.some((t) => LETTER_RE.test(t))) return null; // "/" is no subject
  const named = n <= 3 ? ctx.names.get(lowers.join(' ')) : undefined;
  if (named) return named;
  const first = lowers[0]!;
  if (first === 'it' && n === 1) return ctx.topic;
  if (first === 'you' && n === 1) return 'you';
  if (n > 1 && SUBJECT_ADVERBS.has(lowers[n - 1]!)) return subject(tokens.slice(0, -1), lowers.slice(0, -1), ctx);
  if (PRONOUNS.has(first) || PREPOSITIONS.has(first) || first === 'and' || first === 'but' || first === 'or') return null;
  if (n === 2 && DETERMINERS.has(first) && VAGUE.has(lowers[1]!)) return null; // "the result", "the differences"
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    const c = t.charCodeAt(t.length - 1);
    if (c === 44 || c === 59 || c === 58 || c === 41 || c === 40) return null; // , ; : ) (
    const w = lowers[i]!;
    if (w === 'that' || w === 'which' || w === 'who' || w === 'if' || w === 'when' || w === 'because' || t.includes('?')) return null;
    if (w === 'it' || w === 'them' || w === 'they' || (i === n - 1 && (w === 'one' || w === 'ones' || w === 'and' || w === 'or'))) return null;
    // Inside a noun phrase an article follows a preposition or "and": "a run walks the chunks" is a clause.
    if (i > 0 && (w === 'the' || w === 'a' || w === 'an') && !PREPOSITIONS.has(lowers[i - 1]!) && lowers[i - 1] !== 'and' && lowers[i - 1] !== 'or') return null;
  }
  return phrase(tokens, ctx);
}

/** `bare` of the first `upTo` tokens, extending `from` (a shorter list of the same tokens) when given. */
export function lowerTokens(tokens: readonly string[], upTo: number, from: string[] = []): string[] {
  const end = Math.min(upTo, tokens.length);
  for (let i = from.length; i < end; i++) from.push(bare(tokens[i]!));
  return from;
}

/** Index of the main verb of a clause (an auxiliary or a known verb), or -1. */
export function findVerb(lowers: readonly string[]): number {
  const end = Math.min(lowers.length - 1, 8);
  for (let i = 1; i < end; i++) {
    const w = lowers[i]!;
    const prev = lowers[i - 1]!;
    if (AUX.has(w)) return i;
    if (DETERMINERS.has(prev) || PREPOSITIONS.has(prev) || prev === 'that' || prev === 'which' || prev === 'who') continue;
    if (GENERIC.has(prev) && isPlural(w)) continue; // "Different runs …": an adjective and its noun
    if (isVerbS(w)) {
      const next = lowers[i + 1];
      // "New runs stay queued": the plural noun is part of the subject.
      if (next && VERBS.has(next) && isPlural(w) && !DETERMINERS.has(next)) return i + 1;
      return i;
    }
    if (VERBS.has(w) && (isPlural(prev) || prev === 'you' || prev === 'they' || prev === 'we')) return i;
  }
  return -1;
}

/** "does" or "do" for a subject. */
export function doFor(subjectText: string, ctx: Context): string {
  const lower = subjectText.toLowerCase();
  if (lower === 'you' || lower === 'i' || lower === 'they' || lower === 'we') return 'do';
  if (ctx.code.has(subjectText)) return 'does';
  // The head noun comes before any preposition: "a run with no failed chunks" → "does".
  const words = lower.split(' ');
  const prep = words.findIndex((w, i) => i > 0 && PREPOSITIONS.has(w));
  return isPlural(prep > 0 ? words.slice(0, prep).join(' ') : lower) ? 'do' : 'does';
}


/** Tokens up to the first clause break, at most `max`; null if empty. */
export function clause(tokens: readonly string[], lowers: readonly string[], from: number, max: number): string | null {
  const out: string[] = [];
  for (let i = from; i < tokens.length; i++) {
    const w = lowers[i]!;
    if (w === 'because' || w === 'so' || w === 'which' || w === 'unless' || w === 'otherwise' || w === 'but') break;
    if (w === 'and' && out.length > 0 && AUX.has(lowers[i + 1] ?? '')) break; // "… and are often interrupted": a second predicate
    if (out.length === max) return null; // a cut-off clause reads badly: no question
    const t = tokens[i]!;
    const c = t.charCodeAt(t.length - 1);
    if (c === 44 || c === 59 || c === 58) {
      out.push(t);
      break;
    }
    out.push(t);
  }
  if (out.length === 0) return null;
  return stripEnd(out.join(' ')) || null;
}

/** Without trailing spaces and punctuation (. , ; : ! ?). */
export function stripEnd(text: string): string {
  let end = text.length;
  while (end > 0 && TRAILING.includes(text[end - 1]!)) end--;
  return end === text.length ? text : text.slice(0, end);
}

const TRAILING = ' .,;:!?';

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
