/** Counted nouns for people: "1 chunk", "2 chunks", "1,024 pairs". Shared by the server's messages and the UI. */
const numberFormat = new Intl.NumberFormat('en-US');
export const formatNumber = (value: number) => numberFormat.format(value);

export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${formatNumber(n)} ${n === 1 ? singular : plural}`;
}
