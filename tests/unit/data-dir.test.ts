import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateSigningKey } from '@/lib/auth/signing-key';
import { DataDirError, dataPaths, prepareDataDir } from '@/lib/db/data-paths';
import { tempDir } from '../support/tmp';

describe('the data folder on any database', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    tmp = await tempDir();
  });
  afterAll(() => tmp.remove());

  it('is created on first start, nested folders included, and the signing key is written into it', async () => {
    const dir = path.join(tmp.dir, 'not', 'there', 'yet');
    await prepareDataDir(dir);
    expect(existsSync(dir)).toBe(true);
    const key = await loadOrCreateSigningKey(dir);
    expect(JSON.parse(readFileSync(dataPaths(dir).signingKey, 'utf8')).kid).toBe(key.kid);
  });

  it('the signing key can be created even where nobody prepared the folder', async () => {
    const dir = path.join(tmp.dir, 'unprepared');
    const key = await loadOrCreateSigningKey(dir);
    expect((await loadOrCreateSigningKey(dir)).kid).toBe(key.kid);
  });

  it('says which variable to change when the folder cannot be created', async () => {
    const file = path.join(tmp.dir, 'a-file');
    writeFileSync(file, 'not a folder');
    const attempt = prepareDataDir(path.join(file, 'data'));
    await expect(attempt).rejects.toBeInstanceOf(DataDirError);
    await expect(attempt).rejects.toThrow(/^RECALL_DATA_DIR: the data folder .*a-file\/data cannot be created or written \(ENOTDIR\)/);
  });
});
