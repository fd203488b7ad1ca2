// npm run screenshots — starts Recall on a scratch data folder with a fake provider, brings
// runs into their main states, and saves light and dark screenshots to docs/screenshots.
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { chromium, type Page } from '@playwright/test';
import { startFakeOpenAI } from '../tests/support/fake-openai';
import { tempDir } from '../tests/support/tmp';

const PORT = 3196;
const BASE = `http://127.0.0.1:${PORT}`;
const ADMIN = { email: 'admin@recall.local', password: 'screenshots-password' };

async function api<T>(path: string, init: { method?: string; body?: unknown; token?: string } = {}): Promise<T> {
  const response = await fetch(`${BASE}${path}`, {
    method: init.method ?? (init.body ? 'POST' : 'GET'),
    headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function waitFor<T>(fn: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn().catch(() => undefined);
    if (value !== undefined && ok(value)) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function main() {
  const fake = await startFakeOpenAI();
  const tmp = await tempDir('recall-shots-');
  const app = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    env: { ...process.env, PORT: String(PORT), RECALL_DATA_DIR: tmp.dir, DATABASE_URL: '', RECALL_ADMIN_EMAIL: ADMIN.email, RECALL_ADMIN_PASSWORD: ADMIN.password, OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'sk-shots', RECALL_LLM_MODEL: 'gpt-4o-mini' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise((resolve) => app.once('exit', resolve));
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    await waitFor(() => fetch(`${BASE}/api/health`), (r) => r.ok, 300_000);
    const { access_token: token } = await api<{ access_token: string }>('/api/auth/token', { body: ADMIN });
    const { corpora } = await api<{ corpora: { id: string; name: string }[] }>('/api/corpora', { token });
    const demo = corpora.find((c) => c.name === 'Recall documentation')!;
    const run = (id: string) => api<{ status: string; id: string }>(`/api/runs/${id}`, { token });

    // Demo corpus: a completed run (generated offline, reviewed, trained), then a continuation generating slowly.
    const { run_id: first } = await api<{ run_id: string }>('/api/runs', { token, body: { corpus_id: demo.id, config: { generator: 'offline' } } });
    await waitFor(() => run(first), (r) => r.status === 'generated');
    await api(`/api/runs/${first}/train`, { token, body: {} });
    await waitFor(() => run(first), (r) => r.status === 'completed');
    // A second corpus whose run failed: the provider rejected every call.
    const support = await api<{ id: string }>('/api/corpora', { token, body: { name: 'Support handbook', chunk_size: 64, chunk_overlap: 0 } });
    await api(`/api/corpora/${support.id}/documents`, { token, body: { title: 'Handbook', text: Array.from({ length: 30 }, (_, i) => `## Topic ${i}\n\nHow support handles case ${i}: escalate after ${i + 1} hours, keep the customer informed, and close with a summary.`).join('\n\n') } });
    fake.setBehaviour({ delayMs: 1_500 }); // a few chunks finish before the provider starts failing
    const { run_id: failed } = await api<{ run_id: string }>('/api/runs', { token, body: { corpus_id: support.id, config: { generator: 'openai', concurrency: 2 } } });
    await waitFor(() => api<{ processed_chunks: number }>(`/api/runs/${failed}`, { token }), (r) => r.processed_chunks >= 4);
    fake.setBehaviour({ delayMs: 1_500, failNext: { count: 1_000_000, status: 400, message: 'The model is overloaded' } });
    await waitFor(() => run(failed), (r) => r.status === 'generating_failed');
    // Then a continuation of the completed run, generating slowly over new documents.
    await api(`/api/corpora/${demo.id}/documents`, { token, body: { title: 'Release notes', text: Array.from({ length: 40 }, (_, i) => `## Release ${i}\n\nRelease ${i} of Recall, shipped in week ${i + 10}, made proceed faster, added ${i + 2} dashboard improvements and kept every finished chunk across restarts.`).join('\n\n') } });
    fake.setBehaviour({ delayMs: 1_500 });
    const { run_id: child } = await api<{ run_id: string }>(`/api/runs/${first}/continue`, { token, body: { config: { generator: 'openai', concurrency: 2 } } });
    await waitFor(() => api<{ processed_chunks: number }>(`/api/runs/${child}`, { token }), (r) => r.processed_chunks >= 4);
    // …and then it slows right down, so the pictures show it generating.
    fake.setBehaviour({ delayMs: 600_000 });

    for (const theme of ['light', 'dark'] as const) {
      for (const [label, viewport] of [['', { width: 1280, height: 900 }], ['-phone', { width: 390, height: 844 }]] as const) {
        const context = await browser.newContext({ viewport, colorScheme: theme, deviceScaleFactor: 1 });
        const page = await context.newPage();
        await page.addInitScript((t) => localStorage.setItem('theme', t), theme);
        await signIn(page);
        const shot = async (name: string) => page.screenshot({ path: `docs/screenshots/${name}${label}-${theme}.png`, fullPage: true });
        // ?run= opens the completed run's row.
        await page.goto(`${BASE}/?corpus=${demo.id}&run=${first}`);
        await page.getByTestId('metrics').first().waitFor();
        await shot('dashboard');
        if (label) {
          await context.close();
          continue;
        }
        await page.goto(`${BASE}/?corpus=${support.id}`);
        await page.locator(`tr[data-run-id="${failed}"] button[aria-expanded]`).click();
        await shot('dashboard-failed');
        await page.goto(`${BASE}/runs/${first}`);
        await page.getByRole('table', { name: 'Question pairs' }).waitFor();
        await shot('run-page');
        await page.goto(`${BASE}/corpora/${demo.id}`);
        await shot('corpus-page');
        await context.close();
      }
    }
  } finally {
    await browser.close();
    app.kill('SIGTERM');
    await exited;
    await fake.close();
    await rm(tmp.dir, { recursive: true, force: true });
  }
}

async function signIn(page: Page) {
  await page.goto(`${BASE}/login`);
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${BASE}/`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
