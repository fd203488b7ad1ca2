import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { dataPaths, writeAtomic } from './data-paths';

export { dataPaths, writeAtomic };

export async function ensureDataDir(dataDir: string) {
  const { root } = dataPaths(dataDir);
  await mkdir(root, { recursive: true });
  // The postgres OS user must traverse into pgdata/, but must not read our secrets.
  await chmod(root, 0o711);
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
 * Takes the data folder for this process. The lock is created with O_EXCL, so two
 * processes starting at the same moment cannot both win; a lock left by a dead process
 * is taken over.
 */
export async function acquireLock(dataDir: string): Promise<{ update(port: number): Promise<void>; release(): Promise<void> }> {
  const file = dataPaths(dataDir).lock;
  for (let attempt = 0; attempt < 2; attempt++) {
    const lock: DataDirLock = { pid: process.pid, port: null, startedAt: new Date().toISOString() };
    try {
      const handle = await open(file, 'wx', 0o600);
      await handle.writeFile(JSON.stringify(lock));
      await handle.close();
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
      const holder = await readLock(dataDir);
      if (holder && isProcessAlive(holder.pid) && holder.pid !== process.pid) {
        throw new DataDirInUseError(path.resolve(dataDir), holder);
      }
      await unlink(file).catch(() => undefined);
    }
  }
  throw new Error(`Could not take the lock ${file}`);
}
