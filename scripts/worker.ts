// npm run worker — an extra background worker: same DATABASE_URL on any machine, or
// attached to the running embedded database on this one (same RECALL_DATA_DIR).
import { readFile } from 'node:fs/promises';
import { readLock } from '@/lib/db/data-dir';
import { dataPaths } from '@/lib/db/data-paths';
import { RUNTIME_URL_VAR } from '@/lib/db/url';
import { closePool } from '@/lib/db/pool-holder';
import { EnvError, parseEnv } from '@/lib/env';
import { stopBoss } from '@/lib/runs/engine/boss-holder';
import { startWorker } from '@/lib/runs/engine/worker';

async function databaseUrl(env: ReturnType<typeof parseEnv>): Promise<string> {
  if (env.DATABASE_URL) return env.DATABASE_URL;
  const lock = await readLock(env.RECALL_DATA_DIR);
  if (!lock?.port) {
    throw new EnvError(`No Recall is running on ${dataPaths(env.RECALL_DATA_DIR).root}: start it with \`npm start\` first, or set DATABASE_URL.`);
  }
  const { postgresPassword } = JSON.parse(await readFile(dataPaths(env.RECALL_DATA_DIR).secrets, 'utf8')) as { postgresPassword: string };
  return `postgres://postgres:${encodeURIComponent(postgresPassword)}@127.0.0.1:${lock.port}/postgres`;
}

async function main() {
  const env = parseEnv(process.env);
  process.env[RUNTIME_URL_VAR] = await databaseUrl(env);
  await startWorker({ coordinators: Number(process.env.RECALL_WORKER_COORDINATORS ?? 4), batches: Number(process.env.RECALL_WORKER_BATCHES ?? 4) });
  console.log(`Recall worker ${process.pid} running`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing or releasing the current batches…`);
    await stopBoss();
    await closePool();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error) => {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
});
