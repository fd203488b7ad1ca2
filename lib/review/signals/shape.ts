import { franc, francAll } from 'franc-min';

/**
 * Quality signals read off a generated question and its chunk alone: no database, no model.
 * Each one is a cheap hint for review, not a verdict, so the thresholds lean towards missing
 * a bad question rather than flagging a good one.
 */
import { SHAPE } from './thresholds';

export { SHAPE } from './thresholds';

export type ShapeSignals = {
  /** Under SHAPE.minWords words or SHAPE.minChars characters. */
  too_short: boolean;
  /** Over SHAPE.maxWords words or SHAPE.maxChars characters. */
  too_long: boolean;
  /** No final question mark and no interrogative first word: "Describe the water cycle." */
  not_question: boolean;
  /** Longest run of consecutive question words that the chunk holds in the same order. */
  verbatim_words: number;
  verbatim: boolean;
  /** ISO 639-3, or null when the question is too short or franc cannot tell. */
  question_language: string | null;
  language_mismatch: boolean;
};

// franc's own cost grows with the text; the first 2,000 characters settle a chunk's language.
const LANGUAGE_SAMPLE_CHARS = 2_000;
// Short texts score several related languages almost alike (deu/nld, spa/ita/fra): any of them
// within this share of the top score could be what the question is written in.
const PLAUSIBLE_SHARE = 0.8;
// A question in another language than its chunk shares names and numbers with it, rarely half its words.
const MOSTLY_SHARED = 0.5;

// Segmenter, not whitespace: CJK and Thai have no spaces, and a Japanese question is not one word.
const segmenter = new Intl.Segmenter('und', { granularity: 'word' });

/** The words of a text, normalised for comparison: NFKC, lower-case, letters, marks and digits only. */
function wordsOf(text: string): string[] {
  const words: string[] = [];
  for (const { segment, isWordLike } of segmenter.segment(text.normalize('NFKC'))) {
    if (!isWordLike) continue;
    // Marks stay: in Indic scripts vowel signs are marks, and dropping them merges distinct words.
    const word = segment.toLowerCase().replace(/[^\p{L}\p{M}\p{N}]+/gu, '');
    if (word) words.push(word);
  }
  return words;
}

export function languageOf(text: string): string | null {
  const sample = text.trim().slice(0, LANGUAGE_SAMPLE_CHARS);
  if (sample.length < SHAPE.languageMinChars) return null;
  const language = franc(sample, { minLength: SHAPE.languageMinChars });
  return language === 'und' ? null : language;
}

// Greek writes its question mark as ';' (U+037E, which NFKC turns into ASCII ';'), so a final ';'
// only counts in Greek text; an English sentence ending in ';' is not a question.
const QUESTION_MARKS = /[?？؟;⁇⁈⁉‽]$/u;
const GREEK = /\p{Script=Greek}/u;
// Closing quotes and brackets may follow the mark: 'What does "idempotent" mean?"' or '(…?)'.
const TRAILING_CLOSERS = /[\s"'”’»)\]}）」』]+$/u;

// Normalised like wordsOf ("où" stays "où"); a two-word entry is matched against the first two words.
const INTERROGATIVES = new Set([
  // English
  'what', 'who', 'whom', 'whose', 'which', 'when', 'where', 'why', 'how',
  'is', 'are', 'was', 'were', 'do', 'does', 'did', 'can', 'could', 'should', 'would', 'will', 'has', 'have', 'had',
  // German
  'wer', 'wen', 'wem', 'wessen', 'wie', 'warum', 'wieso', 'weshalb', 'wo', 'wann', 'welche', 'welcher', 'welches', 'woher', 'wohin',
  // French
  'qui', 'que', 'quoi', 'quel', 'quelle', 'quels', 'quelles', 'comment', 'pourquoi', 'où', 'quand', 'combien', 'est ce', 'quest ce',
  // Spanish
  'qué', 'cómo', 'cuál', 'cuáles', 'dónde', 'cuándo', 'cuánto', 'cuántos', 'quién', 'quiénes', 'por qué',
  // Italian
  'come', 'perché', 'dove', 'quale', 'quali', 'quando', 'quanto', 'chi', 'cosa',
  // Portuguese
  'qual', 'quais', 'onde', 'como', 'quem', 'porque', 'por que', 'o que',
  // Dutch
  'wat', 'waarom', 'hoe', 'wanneer', 'waar', 'welke',
]);

function isQuestion(question: string, words: readonly string[]): boolean {
  const end = question.normalize('NFKC').replace(TRAILING_CLOSERS, '');
  const mark = end.at(-1);
  if (mark !== undefined && QUESTION_MARKS.test(mark) && (mark !== ';' || GREEK.test(end))) return true;
  const [first, second] = words;
  if (first === undefined) return false;
  return INTERROGATIVES.has(first) || (second !== undefined && INTERROGATIVES.has(`${first} ${second}`));
}

/** Where each word occurs in the chunk: shared by the verbatim run and the overlap guard. */
function positionsOf(words: readonly string[]): Map<string, number[]> {
  const positions = new Map<string, number[]>();
  words.forEach((word, index) => {
    const list = positions.get(word);
    if (list) list.push(index);
    else positions.set(word, [index]);
  });
  return positions;
}

/**
 * Longest run of consecutive question words found contiguously in the chunk. Only positions where
 * a question word occurs in the chunk are visited, so the cost is the number of matching
 * (question word, chunk position) pairs, not question × chunk.
 */
function longestSharedRun(questionWords: readonly string[], chunkPositions: ReadonlyMap<string, readonly number[]>): number {
  let best = 0;
  // Run length ending at each chunk position, for the previous question word only.
  let previous = new Map<number, number>();
  for (const word of questionWords) {
    const current = new Map<number, number>();
    for (const index of chunkPositions.get(word) ?? []) {
      const run = (previous.get(index - 1) ?? 0) + 1;
      current.set(index, run);
      if (run > best) best = run;
    }
    previous = current;
  }
  return best;
}

/** Share of the question's distinct words that occur anywhere in the chunk. */
function sharedWordShare(questionWords: readonly string[], chunkPositions: ReadonlyMap<string, unknown>): number {
  const distinct = new Set(questionWords);
  if (distinct.size === 0) return 0;
  let shared = 0;
  for (const word of distinct) if (chunkPositions.has(word)) shared++;
  return shared / distinct.size;
}

/**
 * True only when the chunk's language is not among those the question could plausibly be in:
 * a false alarm costs a reviewer's time on a good pair, a miss costs one noisy pair.
 */
function isLanguageMismatch(
  question: string,
  questionLanguage: string | null,
  chunkLanguage: string | null,
  sharedShare: number,
): boolean {
  if (!questionLanguage || !chunkLanguage || questionLanguage === chunkLanguage) return false;
  // franc alone misreads some plain English questions ("Who can invite new members to a team?" is
  // spa first, eng at 0.76): when most of the question's words, function words included, are in
  // the chunk, it is written in the chunk's language whatever the trigrams say.
  if (sharedShare >= MOSTLY_SHARED) return false;
  const scores = francAll(question.slice(0, LANGUAGE_SAMPLE_CHARS), { minLength: SHAPE.languageMinChars });
  const top = scores[0]?.[1] ?? 0;
  return !scores.some(([language, score]) => language === chunkLanguage && score >= top * PLAUSIBLE_SHARE);
}

/** `chunk.language` is the caller's `languageOf(chunk.text)`, worked out once per chunk, not per question. */
export function shapeOf(question: string, chunk: { text: string; language: string | null }): ShapeSignals {
  const trimmed = question.trim();
  const words = wordsOf(trimmed);
  // Code points, so that an emoji or a character outside the BMP counts once.
  const chars = [...trimmed].length;
  const chunkPositions = positionsOf(wordsOf(chunk.text));
  const verbatimWords = longestSharedRun(words, chunkPositions);
  const questionLanguage = languageOf(trimmed);
  return {
    too_short: words.length < SHAPE.minWords || chars < SHAPE.minChars,
    too_long: words.length > SHAPE.maxWords || chars > SHAPE.maxChars,
    not_question: !isQuestion(trimmed, words),
    verbatim_words: verbatimWords,
    verbatim: verbatimWords >= SHAPE.verbatimWords,
    question_language: questionLanguage,
    language_mismatch: isLanguageMismatch(trimmed, questionLanguage, chunk.language, sharedWordShare(words, chunkPositions)),
  };
}
