import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { dataPaths, writeAtomic } from './data-paths';

export { dataPaths, writeAtomic };

export async function ensureDataDir(dataDir: string) {
  const { root } = dataPaths(dataDir);
  await mkdir(root, { recursive: true });
  // The postgres OS user must traverse into pgdata/, but must not read our secrets.
  await chmod(root, 0o711);
  if (process.getuid?.() === 0) {
    // As root, Postgres runs as the `postgres` user, who must be able to reach the folder.
    for (let dir = path.dirname(root); ; dir = path.dirname(dir)) {
      const { mode } = await stat(dir);
      if ((mode & 0o001) === 0) {
        throw new Error(
          `The embedded database runs as the \`postgres\` OS user, who cannot enter ${dir} (mode ${(mode & 0o777).toString(8)}). ` +
            'Set RECALL_DATA_DIR to a folder outside it (e.g. /var/lib/recall), or allow traversal: chmod o+x ' + dir,
        );
      }
      if (dir === path.dirname(dir)) break;
    }
  }
}

const secretsSchema = z.object({
  superuserPassword: z.string().min(16),
  postgresPassword: z.string().min(16),
});
export type EmbeddedSecrets = z.infer<typeof secretsSchema>;

const secret = () => randomBytes(24).toString('base64url');

/** Passwords of the embedded cluster's roles: generated once, readable only by this OS user. */
export async function loadOrCreateSecrets(dataDir: string): Promise<EmbeddedSecrets> {
  const file = dataPaths(dataDir).secrets;
  try {
    return secretsSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secrets: EmbeddedSecrets = { superuserPassword: secret(), postgresPassword: secret() };
  await writeAtomic(file, JSON.stringify(secrets, null, 2), 0o600);
  return secrets;
}

const lockSchema = z.object({ pid: z.number().int(), port: z.number().int().nullable(), startedAt: z.string() });
export type DataDirLock = z.infer<typeof lockSchema>;

export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError';
  constructor(
    readonly dataDir: string,
    readonly holder: DataDirLock,
  ) {
    super(
      `The data folder ${dataDir} is in use by another Recall process (pid ${holder.pid}` +
        `${holder.port ? `, database on port ${holder.port}` : ''}). Stop that process first, ` +
        'or point RECALL_DATA_DIR at another folder. Extra workers attach to it with `npm run worker`.',
    );
  }
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function readLock(dataDir: string): Promise<DataDirLock | null> {
  try {
    return lockSchema.parse(JSON.parse(await readFile(dataPaths(dataDir).lock, 'utf8')));
  } catch {
    return null;
  }
}

/**
 * Takes the data folder for this process. The lock appears complete or not at all (written
 * to a private file, then hard-linked into place, which fails if a lock exists), so two
 * processes starting at the same moment cannot both win. A lock left by a dead process is
 * moved aside by rename, which only one contender can do.
 */
export async function acquireLock(dataDir: string): Promise<{ update(port: number): Promise<void>; release(): Promise<void> }> {
  const file = dataPaths(dataDir).lock;
  const lock: DataDirLock = { pid: process.pid, port: null, startedAt: new Date().toISOString() };
  const mine = `${file}.${process.pid}`;
  await writeFile(mine, JSON.stringify(lock), { mode: 0o600 });
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await link(mine, file);
        return {
          async update(port) {
            await writeAtomic(file, JSON.stringify({ ...lock, port }), 0o600);
          },
          async release() {
            const current = await readLock(dataDir);
            if (current?.pid === process.pid) await unlink(file).catch(() => undefined);
          },
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = await readLock(dataDir);
      if (!holder) {
        // Unreadable: someone is mid-update (writeAtomic renames, so this is brief) — or it is corrupt and old.
        const age = Date.now() - (await stat(file).then((s) => s.mtimeMs, () => 0));
        if (age < 5_000) throw new DataDirInUseError(path.resolve(dataDir), { pid: 0, port: null, startedAt: '' });
      } else if (holder.pid !== process.pid && isProcessAlive(holder.pid)) {
        throw new DataDirInUseError(path.resolve(dataDir), holder);
      }
      await rename(file, `${file}.stale-${process.pid}`).then(
        () => unlink(`${file}.stale-${process.pid}`),
        () => undefined,
      );
    }
    throw new Error(`Could not take the lock ${file}`);
  } finally {
    await unlink(mine).catch(() => undefined);
  }
}
