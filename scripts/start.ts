// npm start — the whole product in one process: database (embedded unless DATABASE_URL),
// migrations, first-boot seed, then the Next.js server.
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDatabase } from '@/lib/boot/database';
import { seed } from '@/lib/boot/seed';
import { loadOrCreateSigningKey } from '@/lib/auth/signing-key';
import { connect } from '@/lib/db/connect';
import { DataDirInUseError } from '@/lib/db/data-dir';
import { closePool } from '@/lib/db/pool-holder';
import { stopBoss } from '@/lib/runs/engine/boss-holder';
import { RUNTIME_URL_VAR } from '@/lib/db/url';
import { authMode, EnvError, parseEnv } from '@/lib/env';
import { buildIfNeeded } from './build-if-needed';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dev = process.argv.includes('--dev');

function fail(message: string): never {
  console.error(`\n${message}\n`);
  process.exit(1);
}

async function main() {
  let env;
  try {
    env = parseEnv(process.env);
  } catch (error) {
    if (error instanceof EnvError) fail(error.message);
    throw error;
  }
  (process.env as Record<string, string>).NODE_ENV = dev ? 'development' : 'production';
  process.env.NEXT_TELEMETRY_DISABLED = '1';
  if (!dev) buildIfNeeded(root);

  const started = Date.now();
  const db = await startDatabase(env, { log: (line) => process.env.RECALL_DEBUG && console.log(line) }).catch((error) => {
    if (error instanceof DataDirInUseError) fail(error.message);
    throw error;
  });
  process.env[RUNTIME_URL_VAR] = db.url;

  const sql = connect(db.url, { max: 1 });
  const seeded = await seed(sql, {
    adminEmail: env.RECALL_ADMIN_EMAIL,
    adminPassword: env.RECALL_ADMIN_PASSWORD,
    createUsers: authMode(env) === 'local',
  }).finally(() => sql.end({ timeout: 5 }));
  if (authMode(env) === 'local') await loadOrCreateSigningKey(env.RECALL_DATA_DIR);

  const { default: next } = await import('next');
  const app = next({ dev, dir: root, port: env.PORT });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = http.createServer((req, res) => {
    // Per-client sign-in limits need the caller's address; a reverse proxy in front sets it.
    req.headers['x-forwarded-for'] ??= req.socket.remoteAddress;
    void handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(env.PORT, resolve);
  }).catch((error: NodeJS.ErrnoException) => {
    void db.stop();
    if (error.code === 'EADDRINUSE') fail(`Port ${env.PORT} is in use. Set PORT to another port.`);
    throw error;
  });

  const where = db.embedded ? `embedded PostgreSQL, data in ${path.resolve(env.RECALL_DATA_DIR)}` : 'DATABASE_URL';
  console.log(`\n  Recall is running at http://localhost:${env.PORT}  (${where}; ready in ${Date.now() - started} ms)`);
  if (seeded.generatedPassword) {
    console.log(
      `\n  First boot: sign in as ${seeded.adminEmail} with password ${seeded.generatedPassword}\n` +
        '  (shown once; set RECALL_ADMIN_EMAIL / RECALL_ADMIN_PASSWORD to choose your own)\n',
    );
  }

  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    console.log(`\n  ${signal}: stopping…`);
    const force = setTimeout(() => server.closeAllConnections(), 5_000);
    server.closeIdleConnections();
    await new Promise((resolve) => server.close(resolve));
    clearTimeout(force);
    await stopBoss();
    await app.close?.().catch(() => undefined);
    await closePool();
    await db.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
