/**
 * The words of a text, as the built-in embedder and the BM25 baseline both see them:
 * Unicode letters and digits, lower-cased (NFKC), with the commonest English inflections
 * cut so that "runs", "running" and "run" meet. Deliberately light: an aggressive stemmer
 * merges words people keep apart ("general" / "generate").
 */
const WORD = /[\p{L}\p{N}]+/gu;

export function words(text: string): string[] {
  return (text.normalize('NFKC').toLowerCase().match(WORD) ?? []).map(stem);
}

export function stem(word: string): string {
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && word.endsWith('ed') && !word.endsWith('eed')) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('es') && /(sh|ch|x|ss)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us') && !word.endsWith('is')) return word.slice(0, -1);
  return word;
}
