import type { APIRequestContext } from '@playwright/test';
import type { FakeOpenAIBehaviour } from '../../support/fake-openai';
import { E2E_ADMIN, E2E_FAKE_PROVIDER } from '../../../playwright.config';

export async function adminHeaders(request: APIRequestContext) {
  const { access_token } = await (await request.post('/api/auth/token', { data: E2E_ADMIN })).json();
  return { Authorization: `Bearer ${access_token}` };
}

/** A corpus in the Demo workspace with one chunk per paragraph (chunk size 64 tokens). */
export async function createCorpus(request: APIRequestContext, name: string, paragraphs: string[]) {
  const headers = await adminHeaders(request);
  const corpus = await (await request.post('/api/corpora', { headers, data: { name, chunk_size: 64, chunk_overlap: 0 } })).json();
  const doc = await request.post(`/api/corpora/${corpus.id}/documents`, { headers, data: { title: `${name} handbook`, text: paragraphs.join('\n\n') } });
  if (!doc.ok()) throw new Error(`document refused: ${await doc.text()}`);
  return { id: corpus.id as string, headers, chunks: (await doc.json()).chunk_count as number };
}

export const paragraphs = (topic: string, n: number) =>
  Array.from(
    { length: n },
    (_, i) =>
      `## ${topic} ${i}\n\n${topic} note ${i}: a cancelled run keeps its ${i + 2} finished chunks, and proceed resumes from the true count. ` +
      `Section ${i} of the ${topic.toLowerCase()} guide also explains how workers heartbeat, how the circuit breaker opens, and why nothing is paid for twice.`,
  );

/** Steers the fake provider the app is configured with (shared by every test: reset it after use). */
export async function setProvider(behaviour: FakeOpenAIBehaviour = {}) {
  const response = await fetch(`${E2E_FAKE_PROVIDER}/__behaviour`, { method: 'PUT', body: JSON.stringify(behaviour) });
  if (!response.ok) throw new Error(`fake provider refused the behaviour: ${response.status}`);
}
