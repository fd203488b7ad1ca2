export type Sample = { name: string; unit: 'ms'; values: number[] };

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

/** One line of the results table: the measurement, its floor and the ratio between them. */
export type Row = { budget: string; measured: string; floor: string; ratio: string; note: string };
