import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '@/lib/db/connect';
import { DataDirInUseError, dataPaths, isProcessAlive, readLock } from '@/lib/db/data-dir';
import { startEmbedded } from '@/lib/db/embedded';
import { tempDir } from '../support/tmp';

describe('embedded Postgres', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    tmp = await tempDir();
  });
  afterAll(() => tmp.remove());

  it('keeps data across a stop and a start, and publishes its port in the lock', async () => {
    const dataDir = path.join(tmp.dir, 'persist');
    const first = await startEmbedded({ dataDir, ephemeral: true });
    const sql = connect(first.adminUrl, { max: 1 });
    await sql`create table kept (value text)`;
    await sql`insert into kept values ('still here')`;
    await sql.end();
    await first.stop();
    expect(await readLock(dataDir)).toBeNull();

    const second = await startEmbedded({ dataDir, ephemeral: true });
    const again = connect(second.adminUrl, { max: 1 });
    expect(await again`select value from kept`).toEqual([{ value: 'still here' }]);
    expect((await readLock(dataDir))?.port).toBe(second.port);
    await again.end();
    await second.stop();
  });

  it('refuses a second instance on the same data folder with a clear error', async () => {
    const dataDir = path.join(tmp.dir, 'busy');
    const running = await startEmbedded({ dataDir, ephemeral: true });
    try {
      // The lock names this very process: pretend the holder is another live process.
      const lock = JSON.parse(await readFile(dataPaths(dataDir).lock, 'utf8'));
      await writeFile(dataPaths(dataDir).lock, JSON.stringify({ ...lock, pid: process.ppid }));
      const second = startEmbedded({ dataDir, ephemeral: true });
      await expect(second).rejects.toBeInstanceOf(DataDirInUseError);
      await expect(second).rejects.toThrow(/is in use by another Recall process \(pid \d+, database on port \d+\)/);
      // The running cluster is untouched.
      const sql = connect(running.adminUrl, { max: 1 });
      expect(await sql`select 1 as ok`).toEqual([{ ok: 1 }]);
      await sql.end();
    } finally {
      await writeFile(dataPaths(dataDir).lock, JSON.stringify({ pid: process.pid, port: running.port, startedAt: '' }));
      await running.stop();
    }
  });

  it('recovers after its owner is killed with SIGKILL, leaving the server running', async () => {
    const dataDir = path.join(tmp.dir, 'killed');
    const script = `
      import { startEmbedded } from '@/lib/db/embedded';
      import { connect } from '@/lib/db/connect';
      const db = await startEmbedded({ dataDir: ${JSON.stringify(dataDir)}, ephemeral: true });
      const sql = connect(db.adminUrl, { max: 1 });
      await sql\`create table survived (n int)\`;
      await sql\`insert into survived values (42)\`;
      await sql.end();
      console.log('READY');
      setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (data: Buffer) => data.toString().includes('READY') && resolve());
      child.once('exit', (code) => reject(new Error(`child exited early (${code})`)));
    });
    const orphanPid = Number((await readFile(`${dataPaths(dataDir).pgdata}/postmaster.pid`, 'utf8')).split('\n')[0]);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(isProcessAlive(orphanPid)).toBe(true); // the postmaster outlived its owner

    const db = await startEmbedded({ dataDir, ephemeral: true });
    expect(isProcessAlive(orphanPid)).toBe(false);
    const sql = connect(db.adminUrl, { max: 1 });
    expect(await sql`select n from survived`).toEqual([{ n: 42 }]);
    await sql.end();
    await db.stop();
  });
});
