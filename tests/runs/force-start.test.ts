import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '@/lib/auth/claims';
import { closePool } from '@/lib/db/pool-holder';
import { stopBoss } from '@/lib/runs/engine/boss-holder';
import { forceStartRun } from '@/lib/runs/lifecycle/force-start';
import { startRun } from '@/lib/runs/lifecycle/start-run';
import { getRun } from '@/lib/runs/queries';
import { seedCorpus } from '../support/corpus';
import { createTestDatabase, useAppDatabase } from '../support/db';
import { makeUser, makeWorkspace } from '../support/users';

describe('force start', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let admin: SessionUser;
  let viewer: SessionUser;
  let workspace: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    await useAppDatabase(db.url);
    [admin, viewer] = await Promise.all([makeUser(db.sql, 'admin'), makeUser(db.sql, 'viewer')]);
    workspace = await makeWorkspace(db.sql, 'Force', [
      [admin, 'admin'],
      [viewer, 'viewer'],
    ]);
  });
  afterAll(async () => {
    await stopBoss();
    await closePool();
    await db.drop();
  });

  it('starts a queued run that no worker took, in this process', async () => {
    const { corpusId } = await seedCorpus(db.sql, workspace, { chunks: 40 });
    const run = await startRun(admin, corpusId, { generator: 'offline', questions_per_chunk: 1 });
    // No worker runs in this process: the run waits.
    expect((await getRun(admin, run.id)).status).toBe('queued');
    await expect(forceStartRun(viewer, run.id)).rejects.toMatchObject({ code: 'forbidden' });

    await forceStartRun(admin, run.id);
    await expect.poll(async () => (await getRun(admin, run.id)).status, { timeout: 30_000, interval: 100 }).toBe('generated');
    const events = await db.sql`select from_status, to_status, message from public.run_events where run_id = ${run.id} order by id`;
    expect(events.map((e) => `${e.from_status ?? '∅'}→${e.to_status}`)).toEqual(['∅→queued', 'queued→queued', 'queued→generating', 'generating→generated']);
    expect(events[1]!.message).toBe('Force-started');
    await expect(forceStartRun(admin, run.id)).rejects.toMatchObject({ status: 409, fields: { status: 'generated' } });
  });
});
