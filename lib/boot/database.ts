import type { Env } from '@/lib/env';
import { applyCompatBootstrap } from '@/lib/db/compat/bootstrap';
import { connect } from '@/lib/db/connect';
import { loadOrCreateSecrets } from '@/lib/db/data-dir';
import { hasCluster, startEmbedded } from '@/lib/db/embedded';
import { migrate } from '@/lib/db/migrate';

export type StartedDatabase = {
  /** URL of the `postgres` role (or DATABASE_URL): migrations, workers, user queries under RLS. */
  url: string;
  embedded: boolean;
  firstBoot: boolean;
  migrationsApplied: string[];
  stop(): Promise<void>;
};

/**
 * Brings the database to the current schema: the embedded server (started here) or the
 * one in DATABASE_URL; then the Supabase compatibility bootstrap (skipped on Supabase)
 * and the migrations.
 */
export async function startDatabase(
  env: Pick<Env, 'DATABASE_URL' | 'RECALL_DATA_DIR'>,
  options: { ephemeral?: boolean; log?: (line: string) => void } = {},
): Promise<StartedDatabase> {
  if (env.DATABASE_URL) {
    const sql = connect(env.DATABASE_URL, { max: 1 });
    try {
      await applyCompatBootstrap(sql);
      const { applied } = await migrate(sql);
      return { url: env.DATABASE_URL, embedded: false, firstBoot: false, migrationsApplied: applied, stop: async () => {} };
    } finally {
      await sql.end({ timeout: 5 });
    }
  }

  const firstBoot = !(await hasCluster(env.RECALL_DATA_DIR));
  const db = await startEmbedded({ dataDir: env.RECALL_DATA_DIR, ephemeral: options.ephemeral, log: options.log });
  try {
    const secrets = await loadOrCreateSecrets(env.RECALL_DATA_DIR);
    const admin = connect(db.adminUrl, { max: 1 });
    try {
      await applyCompatBootstrap(admin, { postgresPassword: secrets.postgresPassword });
    } finally {
      await admin.end({ timeout: 5 });
    }
    const sql = connect(db.url, { max: 1 });
    try {
      const { applied } = await migrate(sql);
      return { url: db.url, embedded: true, firstBoot, migrationsApplied: applied, stop: db.stop };
    } finally {
      await sql.end({ timeout: 5 });
    }
  } catch (error) {
    await db.stop();
    throw error;
  }
}
