import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '@/lib/auth/claims';
import { closePool } from '@/lib/db/pool-holder';
import { stopBoss } from '@/lib/runs/engine/boss-holder';
import { processId } from '@/lib/runs/engine/process-id';
import { acquireRunLimits } from '@/lib/runs/engine/run-limits';
import { createSemaphore } from '@/lib/runs/engine/semaphore';
import { startRun } from '@/lib/runs/lifecycle/start-run';
import { seedCorpus } from '../support/corpus';
import { createTestDatabase, useAppDatabase } from '../support/db';
import { makeUser, makeWorkspace } from '../support/users';

describe('a run’s limits across worker processes', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let admin: SessionUser;
  let workspace: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    await useAppDatabase(db.url);
    admin = await makeUser(db.sql, 'limits');
    workspace = await makeWorkspace(db.sql, 'Limits', [[admin, 'admin']]);
  });
  afterAll(async () => {
    await stopBoss();
    await closePool();
    await db.drop();
  });

  it('are split between the processes working on the run, and taken back when one stops', async () => {
    const { corpusId } = await seedCorpus(db.sql, workspace, { chunks: 2 });
    const run = await startRun(admin, corpusId, { generator: 'offline', concurrency: 5, requests_per_minute: 600 });
    // Another process has been working on this run for a while.
    await db.sql`insert into private.run_workers (run_id, worker_id) values (${run.id}, 'other-host:4242:abcd')`;
    const limits = acquireRunLimits(run.id, run.config);
    await limits.ready;
    expect(limits.slots.size).toBe(2); // floor(5 / 2)
    expect(limits.limiter?.requestsPerMinute).toBe(300);
    expect(await db.sql`select worker_id from private.run_workers where run_id = ${run.id} order by worker_id`).toEqual([
      { worker_id: 'other-host:4242:abcd' },
      { worker_id: processId() },
    ]);

    // The other process dies: its row goes stale, and this one takes the whole limit back.
    await db.sql`update private.run_workers set seen_at = now() - interval '1 minute' where worker_id = 'other-host:4242:abcd'`;
    await expect.poll(() => limits.slots.size, { timeout: 10_000, interval: 100 }).toBe(5);
    expect(limits.limiter?.requestsPerMinute).toBe(600);

    // Released by its last batch: kept a few seconds for the next one, then given up.
    limits.release();
    await expect.poll(async () => (await db.sql`select 1 from private.run_workers where worker_id = ${processId()}`).length, { timeout: 15_000 }).toBe(0);
  });

  it('a shrunk semaphore lets holders finish and admits newcomers only within the new size', async () => {
    const slots = createSemaphore(3);
    const signal = new AbortController().signal;
    await Promise.all([slots.acquire(signal), slots.acquire(signal), slots.acquire(signal)]);
    slots.resize(1);
    let admitted = false;
    const waiting = slots.acquire(signal).then(() => (admitted = true));
    slots.release();
    slots.release();
    // One still held, which is the new size: the waiter stays out (admission is synchronous).
    expect(slots.held).toBe(1);
    expect(admitted).toBe(false);
    slots.release();
    await waiting;
    expect(admitted).toBe(true);
    expect(slots.held).toBe(1);
    slots.resize(2);
    await slots.acquire(signal);
    expect(slots.held).toBe(2);
  });
});
