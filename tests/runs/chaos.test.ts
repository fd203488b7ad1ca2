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
 * test SIGKILLs one that is working on it at each quarter of progress and starts a
 * replacement. The run must finish with every chunk done exactly once, no chunk sent to the
 * provider after it was done, and counters equal to the rows.
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

    // Each kill hits a process that is working on this run (it holds a share in
    // private.run_workers), and it dies by the signal, not by finishing.
    const kills: { pid: number; signal: NodeJS.Signals | null }[] = [];
    for (const share of [0.2, 0.45, 0.7]) {
      await expect.poll(async () => (await getRun(admin, run.id)).processed_chunks, { timeout: 120_000, interval: 100 }).toBeGreaterThanOrEqual(total * share);
      let victim: ChildProcess | undefined;
      await expect
        .poll(async () => {
          const holders = await db.sql<{ worker_id: string }[]>`
            select worker_id from private.run_workers where run_id = ${run.id} and seen_at > now() - interval '6 seconds'`;
          const pids = new Set(holders.map((row) => Number(row.worker_id.split(':').at(-2))));
          victim = [...workers].find((child) => child.exitCode === null && pids.has(child.pid!));
          return victim !== undefined;
        }, { timeout: 30_000, interval: 50 })
        .toBe(true);
      const exited = new Promise<NodeJS.Signals | null>((resolve) => victim!.once('exit', (_code, signal) => resolve(signal)));
      victim!.kill('SIGKILL');
      kills.push({ pid: victim!.pid!, signal: await exited });
      spawnWorker();
    }
    expect(kills.map((kill) => kill.signal)).toEqual(['SIGKILL', 'SIGKILL', 'SIGKILL']);
    expect(new Set(kills.map((kill) => kill.pid)).size).toBe(3);
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

    // Invariant 2, beyond what the unique key already guarantees: no chunk was sent to the
    // provider again once it was done (paid twice). A call cut off by a kill is re-sent, but
    // always before the chunk's done mark commits.
    const finished = new Map(
      (await db.sql<{ content: string; finished_ms: number }[]>`
        select c.content, extract(epoch from rc.finished_at) * 1000 as finished_ms
        from public.run_chunks rc join public.chunks c on c.id = rc.chunk_id where rc.run_id = ${run.id}`).map((r) => [r.content, Number(r.finished_ms)]),
    );
    const calls = fake.requests.filter((request) => request.path.endsWith('/chat/completions'));
    expect(calls.every((call) => finished.has(call.passage))).toBe(true);
    const afterDone = calls.filter((call) => call.receivedAt > finished.get(call.passage)!);
    expect(afterDone.map((call) => call.passage)).toEqual([]);
    // Every chunk was asked at least once; the retries are the calls the kills cut off.
    expect(new Set(calls.map((call) => call.passage)).size).toBe(total);
  });
});
