import { readFileSync } from 'node:fs';
import { connect } from '@/lib/db/connect';
import { dataPaths } from '@/lib/db/data-paths';

/** A privileged connection to the database of a running Recall (embedded), for assertions. */
export function connectToDataDir(dataDir: string) {
  const paths = dataPaths(dataDir);
  const { port } = JSON.parse(readFileSync(paths.lock, 'utf8')) as { port: number };
  const { postgresPassword } = JSON.parse(readFileSync(paths.secrets, 'utf8')) as { postgresPassword: string };
  return connect(`postgres://postgres:${encodeURIComponent(postgresPassword)}@127.0.0.1:${port}/postgres`, { max: 2 });
}
