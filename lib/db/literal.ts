/**
 * A value written into SQL text, for the one statement that cannot take parameters: COPY (the
 * export streams its rows with it). Strings are dollar-quoted with a tag that does not occur
 * in them, so no character of the value can end the literal whatever the server's string
 * settings; numbers must be safe integers; arrays become ARRAY[...] of such literals.
 */
export function sqlLiteral(value: string | number | readonly (string | number)[]): string {
  if (Array.isArray(value)) return value.length ? `array[${value.map((v) => sqlLiteral(v)).join(',')}]` : `array[]::text[]`;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`Not a safe integer for SQL: ${value}`);
    return String(value);
  }
  const text = value as string;
  if (text.includes('\0')) throw new Error('A SQL literal cannot hold a NUL character.');
  let tag = 'v';
  for (let n = 0; text.includes(`$${tag}$`); n++) tag = `v${n}`;
  return `$${tag}$${text}$${tag}$`;
}
