import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { applyCompatBootstrap } from '@/lib/db/compat/bootstrap';
import { connect } from '@/lib/db/connect';
import { loadOrCreateSecrets } from '@/lib/db/data-dir';
import { startEmbedded } from '@/lib/db/embedded';
import { migrate } from '@/lib/db/migrate';

export const TEMPLATE_DB = 'recall_template';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    postgresUrl: string;
  }
}

/**
 * One real Postgres for the whole test run (durability off), with a template database
 * that has the compatibility bootstrap and every migration applied — as the non-superuser
 * `postgres` role, as on hosted Supabase. Each test file clones the template.
 */
export default async function setup(project: TestProject) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'recall-test-'));
  await chmod(dir, 0o755); // the postgres OS user must reach the cluster folder
  const db = await startEmbedded({ dataDir: dir, ephemeral: true });
  const secrets = await loadOrCreateSecrets(dir);

  const admin = connect(db.adminUrl, { max: 1 });
  await admin.unsafe(`create database ${TEMPLATE_DB}`);
  await admin.end();
  const templateAdmin = connect(db.adminUrl.replace(/\/postgres$/, `/${TEMPLATE_DB}`), { max: 1 });
  await applyCompatBootstrap(templateAdmin, { postgresPassword: secrets.postgresPassword });
  await templateAdmin.end();
  const template = connect(db.url.replace(/\/postgres$/, `/${TEMPLATE_DB}`), { max: 1 });
  await migrate(template);
  await template.end();

  project.provide('adminUrl', db.adminUrl);
  project.provide('postgresUrl', db.url);
  return async () => {
    await db.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
