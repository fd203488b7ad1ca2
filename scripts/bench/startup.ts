import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { startDatabase } from '@/lib/boot/database';
import { startEmbedded } from '@/lib/db/embedded';
import { tempDir } from '../../tests/support/tmp';
import { median, timed, type Row } from './measure';

async function waitForOk(url: string, deadline = Date.now() + 120_000): Promise<void> {
  for (;;) {
    const status = await new Promise<number>((resolve) => {
      http.get(url, (res) => (res.resume(), resolve(res.statusCode ?? 0))).on('error', () => resolve(0));
    });
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error(`${url} never answered 200`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Starts a process and measures until `url` answers 200; then stops it with SIGTERM. */
async function timeToFirstOk(command: string[], env: Record<string, string>, url: string) {
  const started = performance.now();
  const child = spawn(command[0]!, command.slice(1), { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    await waitForOk(url);
    return performance.now() - started;
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

export async function benchStartup(runs: number): Promise<Row[]> {
  const tmp = await tempDir('recall-bench-');
  try {
    // Cold start: a new data folder → initdb, start, Supabase bootstrap, migrations.
    const cold: number[] = [];
    const coldFloor: number[] = [];
    for (let i = 0; i < runs; i++) {
      const dir = path.join(tmp.dir, `cold-${i}`);
      const { ms, value } = await timed(() => startDatabase({ RECALL_DATA_DIR: dir, DATABASE_URL: undefined }));
      cold.push(ms);
      await value.stop();
      // Floor: the same cluster creation and start with nothing of Recall's on top.
      const floorDir = path.join(tmp.dir, `floor-${i}`);
      const floor = await timed(() => startEmbedded({ dataDir: floorDir }));
      coldFloor.push(floor.ms);
      await floor.value.stop();
    }

    // Warm start: `npm start`'s script on an existing folder until GET /login answers 200.
    const warmDir = path.join(tmp.dir, 'cold-0');
    const port = 3190;
    const warm: number[] = [];
    const nodeFloor: number[] = [];
    const dbFloor: number[] = [];
    for (let i = 0; i < runs; i++) {
      warm.push(
        await timeToFirstOk(
          [process.execPath, '--import', 'tsx', 'scripts/start.ts'],
          { PORT: String(port), RECALL_DATA_DIR: warmDir, DATABASE_URL: '' },
          `http://127.0.0.1:${port}/login`,
        ),
      );
      // Floors: plain `next start` of the same build to its first 200 (no database, no boot),
      // and a warm start of the same cluster.
      nodeFloor.push(
        await timeToFirstOk(
          [process.execPath, 'node_modules/next/dist/bin/next', 'start', '-p', String(port + 1)],
          { RECALL_DATA_DIR: warmDir, DATABASE_URL: '' },
          `http://127.0.0.1:${port + 1}/login`,
        ),
      );
      const db = await timed(() => startEmbedded({ dataDir: warmDir }));
      dbFloor.push(db.ms);
      await db.value.stop();
    }

    const fmt = (ms: number) => `${ms.toFixed(0)} ms`;
    const warmFloor = median(nodeFloor) + median(dbFloor);
    return [
      {
        budget: 'Cold start (first boot: initdb + start + bootstrap + migrations)',
        measured: fmt(median(cold)),
        floor: `${fmt(median(coldFloor))} (initdb + start alone)`,
        ratio: `${(median(cold) / median(coldFloor)).toFixed(2)}×`,
        note: `median of ${runs}`,
      },
      {
        budget: 'Warm start to first HTTP 200 (`npm start`, existing data, built app)',
        measured: fmt(median(warm)),
        floor: `${fmt(warmFloor)} (plain next start to 200: ${fmt(median(nodeFloor))} + warm Postgres start: ${fmt(median(dbFloor))})`,
        ratio: `${(median(warm) / warmFloor).toFixed(2)}×`,
        note: `median of ${runs}`,
      },
    ];
  } finally {
    await rm(tmp.dir, { recursive: true, force: true });
  }
}
