import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { connect } from '@/lib/db/connect';
import { closePool } from '@/lib/db/pool-holder';
import { RUNTIME_URL_VAR } from '@/lib/db/url';

const withDatabase = (url: string, name: string) => url.replace(/\/[^/]+$/, `/${name}`);

/** A fresh, fully migrated database cloned from the template; dropped by `drop()`. */
export async function createTestDatabase() {
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = connect(inject('adminUrl'), { max: 1 });
  await admin.unsafe(`create database ${name} template recall_template owner postgres`);
  await admin.end();
  const url = withDatabase(inject('postgresUrl'), name);
  const adminUrl = withDatabase(inject('adminUrl'), name);
  const sql = connect(url, { max: 4 });
  return {
    name,
    url,
    adminUrl,
    /** The `postgres` role (non-superuser, bypasses RLS), as the worker connects. */
    sql,
    async drop() {
      await sql.end({ timeout: 5 });
      const dropper = connect(inject('adminUrl'), { max: 1 });
      await dropper.unsafe(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

/** Points the app's pool (lib/db/client) at a test database. */
export async function useAppDatabase(url: string) {
  await closePool();
  process.env[RUNTIME_URL_VAR] = url;
}
