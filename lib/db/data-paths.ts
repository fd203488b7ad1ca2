import { rename, writeFile } from 'node:fs/promises';
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

export async function writeAtomic(file: string, contents: string, mode: number) {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(/*turbopackIgnore: true*/ tmp, contents, { mode });
  await rename(/*turbopackIgnore: true*/ tmp, file);
}

