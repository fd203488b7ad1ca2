import { createHash } from 'node:crypto';

/**
 * A deterministic, name-based UUID (RFC 9562 version 5 layout) for job ids: the same run,
 * epoch and batch always map to the same pg-boss job, so re-sending it is a no-op.
 */
export function jobId(...parts: (string | number)[]): string {
  const hash = createHash('sha1').update(`recall:${parts.join(':')}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
