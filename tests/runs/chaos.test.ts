import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '@/lib/auth/claims';
import { closePool } from '@/lib/db/pool-holder';
import { stopBoss } from '@/lib/runs/engine/boss-holder';
import { startRun } from '@/lib/runs/lifecycle/start-run';
import { getRun } from '@/lib/runs/queries';
import { WORKER_NODE_ARGS } from '../../scripts/worker-args';
import { seedCorpus } from '../support/corpus';
import { createTestDatabase, useAppDatabase } from '../support/db';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai';
import { makeUser, makeWorkspace } from '../support/users';

/**
 * Chaos: three `npm run worker` processes share a run against a slow provider while the
 * test SIGKILLs one at each quarter of progress and starts a replacement. The run must
 * finish with every chunk done exactly once and counters equal to the rows.
 */
describe('workers killed with SIGKILL mid-run', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let fake: FakeOpenAI;
  let admin: SessionUser;
  let workspace: string;
  const workers = new Set<ChildProcess>();

  const spawnWorker = () => {
    const child = spawn(process.execPath, WORKER_NODE_ARGS, {
      env: { ...process.env, DATABASE_URL: db.url, OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'sk-chaos', RECALL_WORKER_BATCHES: '2' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    workers.add(child);
    child.once('exit', () => workers.delete(child));
    return child;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    await useAppDatabase(db.url);
    fake = await startFakeOpenAI({ behaviour: { delayMs: 25 } });
    process.env.OPENAI_BASE_URL = fake.url;
    process.env.OPENAI_API_KEY = 'sk-chaos';
    admin = await makeUser(db.sql, 'chaos');
    workspace = await makeWorkspace(db.sql, 'Chaos', [[admin, 'admin']]);
  });
  afterAll(async () => {
    for (const child of workers) child.kill('SIGKILL');
    await stopBoss();
    await closePool();
    await fake.close();
    await db.drop();
  });

  it('finishes with every chunk done exactly once', { timeout: 240_000 }, async () => {
    const total = 600;
    const { corpusId } = await seedCorpus(db.sql, workspace, { chunks: total, documents: 3 });
    for (let i = 0; i < 3; i++) spawnWorker();
    const run = await startRun(admin, corpusId, { generator: 'openai', questions_per_chunk: 2, concurrency: 4 });

    let kills = 0;
    for (const share of [0.2, 0.45, 0.7]) {
      await expect.poll(async () => (await getRun(admin, run.id)).processed_chunks, { timeout: 120_000, interval: 100 }).toBeGreaterThanOrEqual(total * share);
      const victims = [...workers];
      const victim = victims[Math.floor(Math.random() * victims.length)]!;
      victim.kill('SIGKILL');
      kills++;
      spawnWorker();
    }
    expect(kills).toBe(3);
    await expect.poll(async () => (await getRun(admin, run.id)).status, { timeout: 180_000, interval: 250 }).toBe('generated');

    const [row] = await db.sql`
      select r.total_chunks, r.processed_chunks, r.failed_chunks, r.pair_count,
        (select count(*)::int from public.run_chunks where run_id = r.id and state = 'done') as done_rows,
        (select count(*)::int from public.pairs where run_id = r.id) as pair_rows,
        (select count(*)::int from (select 1 from public.pairs where run_id = r.id group by chunk_id, ordinal having count(*) > 1) d) as duplicates,
        (select count(*)::int from (select chunk_id from public.pairs where run_id = r.id group by chunk_id having count(*) <> 2) d) as wrong_pair_counts
      from public.runs r where r.id = ${run.id}`;
    expect(row).toEqual({
      total_chunks: total,
      processed_chunks: total,
      failed_chunks: 0,
      pair_count: total * 2,
      done_rows: total,
      pair_rows: total * 2,
      duplicates: 0,
      wrong_pair_counts: 0,
    });
  });
});
