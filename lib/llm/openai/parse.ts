import { z } from 'zod';

/**
 * Validates a model's reply: `{"questions": string[]}` (extra keys ignored), or, leniently, a
 * bare array of strings. Endpoints that ignore `response_format` often wrap the JSON in a
 * ```json fence, prefix it with a sentence, or (reasoning models) a <think> block: all tolerated.
 */
const Questions = z.union([
  z.object({ questions: z.array(z.string()) }).transform((value) => value.questions),
  z.array(z.string()),
]);

export type ParsedQuestions = { ok: true; questions: string[] } | { ok: false; reason: string };

export function parseQuestions(text: string): ParsedQuestions {
  const stripped = text.replace(/<think>[\s\S]*?<\/think>/gi, '').trim();
  if (!stripped) return { ok: false, reason: 'the reply is empty' };
  let reason = 'the reply is not JSON';
  for (const candidate of candidates(stripped)) {
    let json: unknown;
    try {
      json = JSON.parse(candidate);
    } catch {
      continue;
    }
    const result = Questions.safeParse(json);
    if (result.success) return { ok: true, questions: result.data };
    reason = `the reply does not match {"questions": string[]}: ${z.prettifyError(result.error).replace(/\s+/g, ' ').slice(0, 300)}`;
  }
  return { ok: false, reason };
}

function* candidates(text: string): Generator<string> {
  yield text;
  const fence = /```[a-zA-Z]*[ \t]*\r?\n?([\s\S]*?)```/.exec(text);
  if (fence?.[1]) yield fence[1].trim();
  for (const [open, close] of [
    ['{', '}'],
    ['[', ']'],
  ] as const) {
    const start = text.indexOf(open);
    const end = text.lastIndexOf(close);
    if (start >= 0 && end > start) yield text.slice(start, end + 1);
  }
}
