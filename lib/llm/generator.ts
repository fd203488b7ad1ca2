/**
 * The one interface every question generator implements: a chunk in, questions out.
 * Implementations honour `signal` (cancel aborts in-flight calls) and never return empty
 * or duplicate questions.
 */
export type GenerateRequest = {
  chunkId: string;
  /** The chunk's text: the questions must be answerable from it. */
  content: string;
  /** How many distinct questions to return (1–10). */
  count: number;
  signal: AbortSignal;
};

export type Generator = {
  readonly name: string;
  generate(request: GenerateRequest): Promise<string[]>;
};

/**
 * A failure of one chunk's generation. `kind` tells the engine what to do:
 * - 'provider': the provider is failing (5xx, timeouts, connection errors after retries):
 *   counts towards the circuit breaker.
 * - 'output': the provider answered, but with unusable output (unparseable, wrong shape):
 *   the chunk fails, `raw` keeps what came back.
 * - 'aborted': the signal fired (cancel); not a failure of the chunk.
 */
export class GenerationError extends Error {
  override name = 'GenerationError';
  constructor(
    readonly kind: 'provider' | 'output' | 'aborted',
    message: string,
    readonly options: {
      code?: string;
      raw?: string;
      cause?: unknown;
      /** Deterministic: the same chunk always gets this answer, so retrying it cannot help (it fails at once). */
      final?: boolean;
    } = {},
  ) {
    super(message, { cause: options.cause });
  }
  get code() {
    return this.options.code ?? this.kind;
  }
  get final() {
    return this.options.final === true;
  }
}

/** Longer than this is not a question a person would ask (and a pair holds at most 2,000 characters). */
export const MAX_QUESTION_CHARS = 500;
const CONTROL_RE = /[\u0000-\u001f\u007f]/g;

/**
 * Normalises generated questions: control characters gone, whitespace collapsed, ending
 * with "?", no empties, none over MAX_QUESTION_CHARS, no case-insensitive duplicates.
 */
export function cleanQuestions(questions: readonly string[], count: number): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of questions) {
    let question = raw.replace(CONTROL_RE, ' ').replace(/\s+/g, ' ').trim();
    if (!question || question.length > MAX_QUESTION_CHARS) continue;
    if (!question.endsWith('?')) question = `${question.replace(/[.!:;,]+$/, '')}?`;
    const key = question.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(question);
    if (out.length === count) break;
  }
  return out;
}
