/** The prompt and the structured-output schema the OpenAI-compatible generator asks for. */

export const SYSTEM_PROMPT = [
  'You write training data for a search engine.',
  'Given a passage from a document, write questions that a real user might type into a search box',
  'and that this passage answers.',
  'Rules:',
  '- Each question must be answerable from the passage alone.',
  '- Each question must be self-contained: understandable without seeing the passage. Name the subject',
  '  explicitly; never refer to "the passage", "the text", "this document", "the author" or "it".',
  '- Each question is one sentence ending with a question mark. Do not number them or add bullets.',
  '- The questions must differ from one another, not be rewordings of the same question.',
  'Reply with a JSON object and nothing else, exactly of the form {"questions": ["...", "..."]}.',
].join('\n');

export function userPrompt(content: string, count: number): string {
  const noun = count === 1 ? 'question' : 'questions';
  return [
    `Write ${count} ${noun} that the following passage answers.`,
    '',
    '<passage>',
    content,
    '</passage>',
    '',
    `Reply with JSON: {"questions": [${count} ${noun}]}`,
  ].join('\n');
}

/** JSON schema for `response_format: { type: 'json_schema' }` (strict-mode compatible). */
export const QUESTIONS_JSON_SCHEMA = {
  type: 'object',
  properties: {
    questions: { type: 'array', items: { type: 'string' } },
  },
  required: ['questions'],
  additionalProperties: false,
} as const;
