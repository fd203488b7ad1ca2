import { SHAPE } from './signals/thresholds';

/**
 * The quality signals a pair can carry, in one list that the filters, the badges, the run
 * page's summary, the API and the SQL predicates all read. Each names the pairs it flags.
 */
export const SIGNALS = ['bm25_miss', 'embedding_miss', 'duplicate', 'too_short', 'too_long', 'not_question', 'verbatim', 'language', 'unchecked'] as const;
export type Signal = (typeof SIGNALS)[number];
/** Signals a computed pair can raise ('unchecked' is the absence of a computation). */
export type RaisedSignal = Exclude<Signal, 'unchecked'>;
export const RAISED_SIGNALS = SIGNALS.filter((s): s is RaisedSignal => s !== 'unchecked');

/** How deep the round trip looks: the pair's own chunk must rank in the top ROUND_TRIP_K. */
export const ROUND_TRIP_K = 10;

export const SIGNAL_LABELS: Record<Signal, { label: string; explain: string }> = {
  bm25_miss: { label: 'BM25 miss', explain: `Searching the question with BM25 over the whole corpus does not bring its own chunk into the top ${ROUND_TRIP_K}: the question may not be answerable from its chunk, or many chunks answer it.` },
  embedding_miss: { label: 'Embedding miss', explain: `Searching the question with the base embedder over the whole corpus does not bring its own chunk into the top ${ROUND_TRIP_K}.` },
  duplicate: { label: 'Duplicate', explain: 'The same question (ignoring case and punctuation) exists elsewhere in the lineage, or a near-identical one for the same chunk. The earliest is kept unflagged.' },
  too_short: { label: 'Too short', explain: `Fewer than ${SHAPE.minWords} words or ${SHAPE.minChars} characters.` },
  too_long: { label: 'Too long', explain: `More than ${SHAPE.maxWords} words or ${SHAPE.maxChars} characters: not what people type into a search box.` },
  not_question: { label: 'Not a question', explain: 'Neither ends with a question mark nor starts with a question word (an instruction such as "Describe …").' },
  verbatim: { label: 'Copies the chunk', explain: `Copies ${SHAPE.verbatimWords} or more consecutive words of its chunk: a search finds it too easily to teach anything.` },
  language: { label: 'Other language', explain: 'The question is in a different language from its chunk.' },
  unchecked: { label: 'Not checked yet', explain: 'Signals for this pair are still being computed.' },
};

/** A pair's signals as the table and the API show them. */
export type PairSignalsView = {
  bm25_rank: number | null;
  embedding_rank: number | null;
  duplicate_of: number | null;
  too_short: boolean;
  too_long: boolean;
  not_question: boolean;
  verbatim_words: number;
  verbatim: boolean;
  question_language: string | null;
  chunk_language: string | null;
  language_mismatch: boolean;
};

/**
 * The signals a computed pair raises, with what to show for each: the same conditions as
 * the SQL predicates the filters use (lib/review/filter-sql.ts SIGNAL_PREDICATES).
 */
export function raisedSignals(s: PairSignalsView): { signal: RaisedSignal; detail: string }[] {
  const out: { signal: RaisedSignal; detail: string }[] = [];
  if (s.bm25_rank === null) out.push({ signal: 'bm25_miss', detail: `BM25 ranks its chunk below ${ROUND_TRIP_K}` });
  if (s.embedding_rank === null) out.push({ signal: 'embedding_miss', detail: `The embedder ranks its chunk below ${ROUND_TRIP_K}` });
  if (s.duplicate_of !== null) out.push({ signal: 'duplicate', detail: `Duplicate of #${s.duplicate_of}` });
  if (s.too_short) out.push({ signal: 'too_short', detail: 'Too short' });
  if (s.too_long) out.push({ signal: 'too_long', detail: 'Too long' });
  if (s.not_question) out.push({ signal: 'not_question', detail: 'Not a question' });
  if (s.verbatim) out.push({ signal: 'verbatim', detail: `Copies ${s.verbatim_words} words of the chunk` });
  if (s.language_mismatch) out.push({ signal: 'language', detail: `Language ${s.question_language ?? '?'}, chunk ${s.chunk_language ?? '?'}` });
  return out;
}
