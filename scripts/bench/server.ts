import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import http from 'node:http';
import type { Sql } from 'postgres';
import { connectToDataDir } from '../../tests/e2e/support/db';
import { tempDir } from '../../tests/support/tmp';

const ADMIN = { email: 'bench@recall.test', password: 'bench-password-1' };

export type Answer = { status: number; ms: number; bytes: number; body: string };

/** One HTTP request, timed to the last byte; the body is kept only when asked (`keep`). */
export function request(url: string, options: { method?: string; headers?: Record<string, string>; body?: string; keep?: boolean } = {}): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let bytes = 0;
      let body = '';
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (options.keep) body += chunk.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started, bytes, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

export const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.ceil(values.length * 0.95) - 1]!;
export const ms = (v: number) => `${v.toFixed(0)} ms`;

/** p95 of `n` requests after 5 warm-up ones; `url` may vary with the request's number. */
export async function sampleP95(url: string | ((i: number) => string), headers: Record<string, string>, n = 40): Promise<number> {
  const at = typeof url === 'string' ? () => url : url;
  for (let i = 0; i < 5; i++) await request(at(i), { headers });
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const { status, ms: took } = await request(at(i), { headers });
    if (status !== 200) throw new Error(`${at(i)} answered ${status}`);
    times.push(took);
  }
  return p95(times);
}

/** Peak resident memory of a process since it started or since `resetPeak`, in MB (Linux). */
export const peakRssMb = (pid: number) => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
export const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
/** Resets the kernel's peak-RSS mark of a process (clear_refs 5), so a later peak is one phase's own. */
export const resetPeak = (pid: number) => writeFileSync(`/proc/${pid}/clear_refs`, '5');

export type BenchServer = { base: string; pid: number; sql: Sql; auth: { cookie: string }; bearer: { authorization: string } };

/**
 * `npm start` on a fresh embedded data folder (worker off, so nothing else competes), signed
 * in as its admin; `body` gets the server and a privileged connection, and everything is
 * removed afterwards.
 */
export async function withBenchServer<T>(port: number, body: (server: BenchServer) => Promise<T>): Promise<T> {
  const tmp = await tempDir('recall-bench-server-');
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    env: { ...process.env, PORT: String(port), RECALL_DATA_DIR: tmp.dir, DATABASE_URL: '', RECALL_WORKER: 'off', RECALL_ADMIN_EMAIL: ADMIN.email, RECALL_ADMIN_PASSWORD: ADMIN.password },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    await waitForOk(`${base}/api/health`);
    const sql = connectToDataDir(tmp.dir);
    try {
      const signIn = await request(`${base}/api/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN), keep: true });
      const token = (JSON.parse(signIn.body) as { access_token: string }).access_token;
      return await body({ base, pid: child.pid!, sql, auth: { cookie: `recall-session=${token}` }, bearer: { authorization: `Bearer ${token}` } });
    } finally {
      await sql.end();
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
    await rm(tmp.dir, { recursive: true, force: true });
  }
}

async function waitForOk(url: string) {
  const deadline = Date.now() + 300_000;
  for (;;) {
    const ok = await request(url).then((r) => r.status === 200).catch(() => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url} never answered 200`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
