import { expect, test } from '@playwright/test';
import { E2E_ADMIN, E2E_BASE_URL } from '../../playwright.config';

test.use({ storageState: { cookies: [], origins: [] } });

/** Reads Server-Sent Events from a real HTTP stream until `done` says stop. */
async function readEvents(url: string, token: string, done: (events: { event: string; data: unknown }[]) => boolean) {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' }, signal: controller.signal });
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: { event: string; data: unknown }[] = [];
  let buffer = '';
  while (!done(events)) {
    const { value, done: ended } = await reader.read();
    if (ended) break;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.+)$/m.exec(block)?.[1];
      const data = /^data: (.+)$/m.exec(block)?.[1];
      if (event && data) events.push({ event, data: JSON.parse(data) });
    }
  }
  controller.abort();
  return events;
}

test('GET /api/runs/{id}/events streams the run from queued to generated', async ({ request }) => {
  const { access_token } = await (await request.post('/api/auth/token', { data: E2E_ADMIN })).json();
  const headers = { Authorization: `Bearer ${access_token}` };
  const corpus = await (await request.post('/api/corpora', { headers, data: { name: `SSE ${Date.now()}`, chunk_size: 64, chunk_overlap: 0 } })).json();
  const text = Array.from({ length: 40 }, (_, i) => `## Topic ${i}\n\nTopic ${i} covers how a run resumes from the true count after a crash.`).join('\n\n');
  await request.post(`/api/corpora/${corpus.id}/documents`, { headers, data: { title: 'SSE', text } });
  const { run_id } = await (await request.post('/api/runs', { headers, data: { corpus_id: corpus.id, config: { generator: 'offline' } } })).json();

  const events = await readEvents(`${E2E_BASE_URL}/api/runs/${run_id}/events`, access_token, (seen) =>
    seen.some((e) => (e.data as { status?: string }).status === 'generated'),
  );
  const runs = events.filter((e) => e.event === 'run').map((e) => e.data as { status: string; processed_chunks: number; total_chunks: number });
  expect(runs.at(-1)).toMatchObject({ status: 'generated' });
  expect(runs.at(-1)!.processed_chunks).toBe(runs.at(-1)!.total_chunks);
  // Progress only moves forward.
  const progress = runs.map((r) => r.processed_chunks);
  expect([...progress].sort((a, b) => a - b)).toEqual(progress);

  const forbidden = await fetch(`${E2E_BASE_URL}/api/runs/${run_id}/events`);
  expect(forbidden.status).toBe(401);
  await request.delete(`/api/runs/${run_id}`, { headers });
});

test('GET /api/corpora/{id}/events streams every run of the corpus that changes, says when one is removed, and reports workers', async ({ request }) => {
  const { access_token } = await (await request.post('/api/auth/token', { data: E2E_ADMIN })).json();
  const headers = { Authorization: `Bearer ${access_token}` };
  const corpus = await (await request.post('/api/corpora', { headers, data: { name: `Feed ${Date.now()}`, chunk_size: 64, chunk_overlap: 0 } })).json();
  const text = Array.from({ length: 30 }, (_, i) => `## Part ${i}\n\nPart ${i} says how a worker resumes a run after a crash.`).join('\n\n');
  await request.post(`/api/corpora/${corpus.id}/documents`, { headers, data: { title: 'Feed', text } });

  let runId = '';
  let started = false;
  let removed = false;
  const events = await readEvents(`${E2E_BASE_URL}/api/corpora/${corpus.id}/events`, access_token, (seen) => {
    // The stream is open: start a run now, and remove it once it is generated.
    if (!started) {
      started = true;
      void request.post('/api/runs', { headers, data: { corpus_id: corpus.id, config: { generator: 'offline' } } }).then(async (r) => (runId = (await r.json()).run_id));
    }
    if (!removed && runId && seen.some((e) => e.event === 'run' && (e.data as { status: string }).status === 'generated')) {
      removed = true;
      void request.delete(`/api/runs/${runId}`, { headers });
    }
    // Done once the removal has been announced: a `version` after the run was generated.
    const generatedAt = seen.findIndex((e) => e.event === 'run' && (e.data as { status: string }).status === 'generated');
    return generatedAt >= 0 && seen.slice(generatedAt).some((e) => e.event === 'version') && seen.some((e) => e.event === 'health');
  });
  const runs = events.filter((e) => e.event === 'run').map((e) => e.data as { id: string; status: string; corpus_id: string });
  expect(new Set(runs.map((r) => r.id))).toEqual(new Set([runId]));
  expect(runs.map((r) => r.status)).toContain('generated');
  expect(events.find((e) => e.event === 'health')!.data).toMatchObject({ alive: expect.any(Number) });

  const unknown = await fetch(`${E2E_BASE_URL}/api/corpora/00000000-0000-4000-8000-000000000000/events`, { headers });
  expect(unknown.status).toBe(404);
  expect((await unknown.json()).error.code).toBe('not_found');
});
