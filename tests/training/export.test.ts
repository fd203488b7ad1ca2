import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '@/lib/auth/claims';
import { closePool } from '@/lib/db/pool-holder';
import { createAdapter, weightRows } from '@/lib/training/adapter';
import { exportAdapter } from '@/lib/training/export';
import { seededRandom } from '@/lib/training/random';
import { saveAdapter } from '@/lib/training/store';
import { createTestDatabase, useAppDatabase } from '../support/db';
import { makeTeam } from '../support/users';

/** The adapter leaves Recall as JSON: W whole where it fits, its factors always, both the same map. */
describe('adapter export', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let team: Awaited<ReturnType<typeof makeTeam>>;
  let other: Awaited<ReturnType<typeof makeTeam>>;
  beforeAll(async () => {
    db = await createTestDatabase();
    await useAppDatabase(db.url);
    team = await makeTeam(db.sql, 'Export');
    other = await makeTeam(db.sql, 'Elsewhere');
  });
  afterAll(async () => {
    await closePool();
    await db.drop();
  });

  async function trainedRun(dim: number, rank: number) {
    const [corpus] = await db.sql<{ id: string }[]>`insert into public.corpora (workspace_id, name) values (${team.workspace}, ${`Export ${dim}`}) returning id`;
    const [run] = await db.sql<{ id: string }[]>`
      insert into public.runs (workspace_id, corpus_id, status, metrics) values (${team.workspace}, ${corpus!.id}, 'completed', ${db.sql.json({ version: 2 })}) returning id`;
    const adapter = createAdapter('diagonal_low_rank', dim, rank, seededRandom(5));
    const random = seededRandom(6);
    for (let i = 0; i < adapter.params.length; i++) adapter.params[i] = random() - 0.5;
    await saveAdapter(db.sql, run!.id, { provider: 'openai', model: 'fake-embed', dim, key: `openai:fake-embed:${dim}` }, null, adapter, 10);
    return { runId: run!.id, adapter };
  }
  const read = async (user: SessionUser, runId: string) => JSON.parse(await new Response(await exportAdapter(user, runId)).text());
  const floats = (base64: string) => {
    const bytes = Buffer.from(base64, 'base64');
    return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  };

  it('writes W row-major (float32 little-endian, base64) equal to diag(a) + U Vᵀ, with the factors and the space', async () => {
    const { runId, adapter } = await trainedRun(7, 2);
    const body = await read(team.viewer, runId); // viewers may download
    expect(body).toMatchObject({ form: 'residual', adapter_form: 'diagonal_low_rank', rank: 2, rows: 7, cols: 7, embedder: { provider: 'openai', model: 'fake-embed', dim: 7 } });
    const w = floats(body.weights);
    expect(w.length).toBe(49);
    const expected = [...weightRows(adapter)].flatMap((row) => Array.from(row));
    expect(Array.from(w)).toEqual(expected);
    expect(floats(body.factors.a).length).toBe(7);
    expect(floats(body.factors.u).length).toBe(14);
  });

  it('sends only the factors when W would be too large, and nothing to another workspace', async () => {
    const { runId } = await trainedRun(5000, 1);
    const body = await read(team.admin, runId);
    expect(body.weights).toBeNull();
    expect(body.weights_omitted).toMatch(/5000 × 5000/);
    expect(floats(body.factors.v).length).toBe(5000);
    await expect(exportAdapter(other.admin, runId)).rejects.toMatchObject({ code: 'not_found' });
  });
});
