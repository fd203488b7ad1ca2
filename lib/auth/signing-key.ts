import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { exportJWK, generateKeyPair, importJWK, type JSONWebKeySet, type JWK, type CryptoKey } from 'jose';
import { z } from 'zod';
import { dataPaths, writeAtomic } from '@/lib/db/data-paths';

/**
 * The local ES256 key that signs access tokens in embedded mode. Generated on first boot
 * and kept in the data folder (mode 0600), so sessions survive restarts.
 */
const storedKeySchema = z.object({ kid: z.string(), privateJwk: z.looseObject({ kty: z.literal('EC'), d: z.string() }) });

export type SigningKey = { kid: string; privateKey: CryptoKey; jwks: JSONWebKeySet };

async function toSigningKey(kid: string, privateJwk: JWK): Promise<SigningKey> {
  const privateKey = (await importJWK(privateJwk, 'ES256')) as CryptoKey;
  const { d: _d, ...publicJwk } = privateJwk;
  return { kid, privateKey, jwks: { keys: [{ ...publicJwk, kid, alg: 'ES256', use: 'sig' }] } };
}

export async function loadOrCreateSigningKey(dataDir: string): Promise<SigningKey> {
  const file = dataPaths(dataDir).signingKey;
  try {
    const stored = storedKeySchema.parse(JSON.parse(await readFile(/*turbopackIgnore: true*/ file, 'utf8')));
    return await toSigningKey(stored.kid, stored.privateJwk as JWK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = randomUUID();
  const privateJwk = await exportJWK(privateKey);
  await writeAtomic(file, JSON.stringify({ kid, privateJwk }), 0o600);
  return toSigningKey(kid, privateJwk);
}

const cache = new Map<string, Promise<SigningKey>>();

export function signingKey(dataDir: string): Promise<SigningKey> {
  let key = cache.get(dataDir);
  if (!key) {
    key = loadOrCreateSigningKey(dataDir);
    key.catch(() => cache.delete(dataDir));
    cache.set(dataDir, key);
  }
  return key;
}
