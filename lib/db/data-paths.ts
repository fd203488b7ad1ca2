import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Layout of RECALL_DATA_DIR. Everything a local installation owns lives here, so copying
 * or deleting the folder is the whole backup or reset story.
 */
export function dataPaths(dataDir: string) {
  const root = path.resolve(/*turbopackIgnore: true*/ dataDir);
  return {
    root,
    pgdata: path.join(root, 'pgdata'),
    postgresLog: path.join(root, 'postgres.log'),
    secrets: path.join(root, 'secrets.json'),
    lock: path.join(root, 'recall.lock'),
    signingKey: path.join(root, 'jwt-signing-key.json'),
  };
}

export class DataDirError extends Error {
  override name = 'DataDirError';
}

/**
 * Creates the data folder if needed and proves it writable, whatever the database: the
 * token signing key lives here with DATABASE_URL too. Fails with a message naming the
 * variable and the reason, before anything else is started or written.
 */
export async function prepareDataDir(dataDir: string): Promise<void> {
  const { root } = dataPaths(dataDir);
  try {
    await mkdir(/*turbopackIgnore: true*/ root, { recursive: true, mode: 0o700 });
    const probe = path.join(root, `.write-test.${process.pid}`);
    await writeFile(/*turbopackIgnore: true*/ probe, '');
    await unlink(/*turbopackIgnore: true*/ probe);
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    throw new DataDirError(
      `RECALL_DATA_DIR: the data folder ${root} cannot be created or written (${code ?? message}). ` +
        'Point RECALL_DATA_DIR at a folder this user can write (it keeps the token signing key, and the embedded database).',
    );
  }
}

/** Writes a file whole or not at all (temporary file, then rename), creating its folder if needed. */
export async function writeAtomic(file: string, contents: string, mode: number) {
  await mkdir(/*turbopackIgnore: true*/ path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(/*turbopackIgnore: true*/ tmp, contents, { mode });
  await rename(/*turbopackIgnore: true*/ tmp, file);
}
