import type { ParsedChunk } from './parse';
import { DETERMINERS, GENERIC, isPlural, isVerbS, NOUN_VERBS, NUMBERS, PARTICIPLES, STOPWORDS, trimToken, VERBS } from './words';

/**
 * The chunk's key phrases, best first: code spans, Capitalised Terms ("Supabase Auth",
 * "HTTP 409"), heading terms ("admin account"), two-word terms ("failed chunks") and
 * content words — never stopwords. Used for the generic questions when the sentences give
 * too few specific ones.
 */

type Scored = { text: string; score: number; first: number };

const NUMERIC_RE = /^[\d.,%/:-]+$/;
const LETTER_RE = /[A-Za-z]/;
/** Letters, digits and the punctuation of names and paths: no arrows, brackets or quotes. */
const PLAIN_RE = /^[\w./@:+#-]+$/;
const JSON_LIKE_RE = /[{}[\]?]/;
const SPLIT_RE = /,\s*|\s+(?:and|or)\s+/;
const TITLE_CASE_RE = /^[A-Z0-9][^ ]*(?: [A-Z0-9][^ ]*)+$/;

/** `nameOf` renders a sentence's first word ("Workers" → "workers", "Recall" stays). */
export function keyPhrases(parsed: ParsedChunk, limit: number, nameOf: (word: string) => string): string[] {
  const scores = new Map<string, Scored>();
  let position = 0;
  const bump = (key: string, text: string, score: number, named = false) => {
    const found = scores.get(key);
    if (!found) scores.set(key, { text, score, first: position });
    else {
      found.score += score;
      if (named) found.text = text; // "Recall" seen mid-sentence: keep its capital
    }
  };
  for (const term of parsed.code) {
    if (term.split(' ').length <= 3 && !JSON_LIKE_RE.test(term)) bump(term.toLowerCase(), term, 3, true);
  }
  for (const h of parsed.headings) headingTerms(h.text, bump);

  const texts = parsed.headings.map((h) => h.text).concat(parsed.sentences.map((s) => s.text));
  for (let t = 0; t < texts.length; t++) {
    const tokens = texts[t]!.split(' ');
    const heading = t < parsed.headings.length; // Title Case: capitals say nothing
    let prev: string | null = null; // the previous token, when it can start a multi-word term
    let prevKey = '';
    let prev2: string | null = null; // and the one before it: "pending batch jobs"
    let prev2Key = '';
    let capital = '';
    let capitalWords = 0;
    const endCapital = () => {
      if (capitalWords > 0 && capitalWords <= 3 && capital.length > 2) bump(capital.toLowerCase(), capital, 1.5, true);
      capital = '';
      capitalWords = 0;
    };
    for (let i = 0; i < tokens.length; i++, position++) {
      const raw = tokens[i]!;
      const word = trimToken(raw);
      const lower = word.toLowerCase();
      const c = word.charCodeAt(0);
      const numeric = c >= 48 && c <= 57 && NUMERIC_RE.test(word);
      const content =
        word.length >= 2 && !numeric && !STOPWORDS.has(lower) && !NUMBERS.has(lower) && !lower.endsWith('ly') && LETTER_RE.test(word) && PLAIN_RE.test(word);
      const upper = c >= 65 && c <= 90;
      if (content && upper && !heading && (i > 0 || (!VERBS.has(lower) && /^[A-Z]/.test(tokens[1] ?? '')))) {
        capital = capitalWords === 0 ? word : `${capital} ${word}`;
        capitalWords++;
      } else if (capitalWords > 0 && numeric) {
        capital = `${capital} ${word}`; // "HTTP 409", "PostgreSQL 15"
        capitalWords++;
      } else endCapital();
      if (raw !== word && capitalWords > 0) endCapital();
      if (!content || parsed.code.has(word)) {
        prev = prev2 = null;
        continue;
      }
      const display = i === 0 ? nameOf(word) : word;
      const verbish = isVerbS(lower) || PARTICIPLES.has(lower) || (VERBS.has(lower) && !NOUN_VERBS.has(lower));
      const modifier = !verbish && !GENERIC.has(lower); // "failed", "blocking", "question"
      const head = modifier && !lower.endsWith('ed') && !lower.endsWith('ing'); // "chunks", "generation"
      if (word.length >= 3 || scores.size === 0) bump(lower, display, head ? 0.5 : 0.2);
      // "workers check" is a subject and its verb, not a term
      if (head && prev && !(VERBS.has(lower) && isPlural(prevKey))) {
        bump(`${prevKey} ${lower}`, `${prev} ${display}`, 1);
        if (prev2) bump(`${prev2Key} ${prevKey} ${lower}`, `${prev2} ${prev} ${display}`, 1);
      }
      const joined = raw === word && modifier; // punctuation ends a multi-word term
      prev2 = joined ? prev : null;
      prev2Key = prevKey;
      prev = joined ? display : null;
      prevKey = lower;
    }
    endCapital();
  }
  if (scores.size === 0) codeTerms(parsed.codeLines, bump);

  const words = (p: Scored) => p.text.split(' ').length;
  const ranked = [...scores.values()].sort((a, b) => b.score - a.score || words(b) - words(a) || a.first - b.first);
  const strong = ranked.some((p) => p.score >= 0.5);
  const picked: string[] = [];
  const pickedLower: string[] = [];
  for (const p of ranked) {
    if (p.score < 0.5 && strong) break; // "like", "removes": only when nothing better exists
    const lower = p.text.toLowerCase();
    if (pickedLower.some((q) => q.includes(lower) || lower.includes(q))) continue;
    picked.push(p.text);
    pickedLower.push(lower);
    if (picked.length === limit) break;
  }
  return picked;
}

type Bump = (key: string, text: string, score: number) => void;

/** "## The admin account" names a term; "## Pairs and live events" two. */
function headingTerms(heading: string, bump: Bump) {
  const titleCase = TITLE_CASE_RE.test(heading);
  for (const part of heading.split(SPLIT_RE)) {
    const words = part.split(' ').filter((w, i) => w && !(i === 0 && (DETERMINERS.has(w.toLowerCase()) || NUMBERS.has(w.toLowerCase()))));
    if (words.length === 0 || words.length > 3) continue;
    const lowers = words.map((w) => w.toLowerCase());
    // No verbs: "Heartbeats stop" and "A worker dies" are sentences, not terms.
    if (lowers.some((w, i) => STOPWORDS.has(w) || isVerbS(w) || (i > 0 && VERBS.has(w)))) continue;
    if (!titleCase && words[0]!.slice(1) === lowers[0]!.slice(1)) words[0] = lowers[0]!;
    bump(lowers.join(' '), words.join(' '), 2);
  }
}

const IDENTIFIER_RE = /[A-Za-z_][\w.-]{2,40}/g;
const CODE_NOISE = new Set(['null', 'true', 'false', 'const', 'let', 'var', 'return', 'function', 'http', 'https', 'localhost']);

/** A chunk that is all code: its identifiers are what it is about. */
function codeTerms(lines: readonly string[], bump: Bump) {
  for (const line of lines) {
    for (const match of line.matchAll(IDENTIFIER_RE)) {
      const term = match[0].replace(/[.-]+$/, '');
      const lower = term.toLowerCase();
      if (term.length >= 3 && !CODE_NOISE.has(lower) && !STOPWORDS.has(lower)) bump(lower, term, 0.5);
    }
  }
}
