/**
 * The shape signals' thresholds, apart from shape.ts (which loads the language detector) so
 * the badges and filters in the browser can say them without shipping franc.
 */
export const SHAPE = { minWords: 3, minChars: 12, maxWords: 40, maxChars: 300, verbatimWords: 8, languageMinChars: 24 } as const;
