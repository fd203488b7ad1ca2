import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

const holder = globalThis as typeof globalThis & { __recallProcessId?: string };

/** This worker process, as other processes see it (host, pid and a random suffix, so a reused pid is a new process). */
export function processId(): string {
  holder.__recallProcessId ??= `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  return holder.__recallProcessId;
}
