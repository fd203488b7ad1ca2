// npm start — the whole product in one process: database (embedded unless DATABASE_URL),
// migrations, first-boot seed, then the Next.js server (whose instrumentation starts the
// in-process workers).
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadOrCreateSigningKey } from '@/lib/auth/signing-key';
import { startDatabase, type StartedDatabase } from '@/lib/boot/database';
import { seedDemoCorpus } from '@/lib/boot/demo-corpus';
import { seed } from '@/lib/boot/seed';
import { connect } from '@/lib/db/connect';
import { DataDirInUseError } from '@/lib/db/data-dir';
import { DataDirError, prepareDataDir } from '@/lib/db/data-paths';
import { closePool } from '@/lib/db/pool-holder';
import { RUNTIME_URL_VAR } from '@/lib/db/url';
import { authMode, EnvError, parseEnv, type Env } from '@/lib/env';
import { stopBoss } from '@/lib/runs/engine/boss-holder';
import { buildIfNeeded } from './build-if-needed';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dev = process.argv.includes('--dev');

function fail(message: string): never {
  console.error(`\n${message}\n`);
  process.exit(1);
}

function readEnv(): Env {
  try {
    return parseEnv(process.env);
  } catch (error) {
    if (error instanceof EnvError) fail(error.message);
    throw error;
  }
}

/** Stops in order — HTTP, workers, pool, database — whatever state start-up reached. */
function installShutdown(state: { db?: StartedDatabase; server?: http.Server; app?: { close?: () => Promise<void> } }) {
  let shuttingDown = false;
  const shutdown = async (reason: string, code: number) => {
    if (shuttingDown) return;
    shuttingDown = true;
    console.log(`\n  ${reason}: stopping…`);
    const { server } = state;
    if (server) {
      const force = setTimeout(() => server.closeAllConnections(), 5_000);
      server.closeIdleConnections();
      await new Promise((resolve) => server.close(resolve));
      clearTimeout(force);
    }
    await stopBoss().catch(() => undefined);
    await state.app?.close?.().catch(() => undefined);
    await closePool().catch(() => undefined);
    await state.db?.stop().catch(() => undefined);
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(signal, 0));
  process.on('uncaughtException', (error) => {
    console.error(error);
    void shutdown('uncaught exception', 1);
  });
  return shutdown;
}

const state: Parameters<typeof installShutdown>[0] = {};
const shutdown = installShutdown(state);

async function main() {
  const env = readEnv();
  (process.env as Record<string, string>).NODE_ENV = dev ? 'development' : 'production';
  process.env.NEXT_TELEMETRY_DISABLED = '1';
  if (!dev) buildIfNeeded(root);

  const started = Date.now();
  try {
    await prepareDataDir(env.RECALL_DATA_DIR);
    state.db = await startDatabase(env, { log: (line) => process.env.RECALL_DEBUG && console.log(line) });
  } catch (error) {
    if (error instanceof DataDirInUseError || error instanceof DataDirError) fail(error.message);
    throw error;
  }
  process.env[RUNTIME_URL_VAR] = state.db.url;

  const sql = connect(state.db.url, { max: 1 });
  const seeded = await seed(sql, {
    adminEmail: env.RECALL_ADMIN_EMAIL,
    adminPassword: env.RECALL_ADMIN_PASSWORD,
    createUsers: authMode(env) === 'local',
  });
  if (seeded.createdWorkspace) await seedDemoCorpus(sql, seeded.workspaceId);
  await sql.end({ timeout: 5 });
  if (seeded.generatedPassword) {
    // Printed before anything else can fail: it is shown this once.
    console.log(
      `\n  First boot: sign in as ${seeded.adminEmail} with password ${seeded.generatedPassword}\n` +
        '  (shown once; set RECALL_ADMIN_EMAIL / RECALL_ADMIN_PASSWORD to choose your own)\n',
    );
  }
  if (authMode(env) === 'local') await loadOrCreateSigningKey(env.RECALL_DATA_DIR);

  const { default: next } = await import('next');
  const app = next({ dev, dir: root, port: env.PORT });
  state.app = app as { close?: () => Promise<void> };
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = http.createServer((req, res) => {
    // Per-client sign-in limits key on the caller's address: the socket's, unless a trusted
    // reverse proxy in front (RECALL_TRUST_PROXY=true) says who the client is.
    if (!env.RECALL_TRUST_PROXY || !req.headers['x-forwarded-for']) req.headers['x-forwarded-for'] = req.socket.remoteAddress ?? 'unknown';
    void handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(env.PORT, resolve);
  }).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') console.error(`\nPort ${env.PORT} is in use. Set PORT to another port.\n`);
    else console.error(error);
    await shutdown('start-up failed', 1);
  });
  state.server = server;

  const where = state.db.embedded ? `embedded PostgreSQL, data in ${path.resolve(env.RECALL_DATA_DIR)}` : 'DATABASE_URL';
  console.log(`\n  Recall is running at http://localhost:${env.PORT}  (${where}; ready in ${Date.now() - started} ms)`);
}

main().catch((error) => {
  console.error(error);
  void shutdown('start-up failed', 1);
});
