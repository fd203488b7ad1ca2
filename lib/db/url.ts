/**
 * The connection URL of the running database. With DATABASE_URL unset, the process that
 * started the embedded server publishes its URL here before any request is served.
 */
export const RUNTIME_URL_VAR = 'RECALL_RUNTIME_DATABASE_URL';

export function runtimeDatabaseUrl(): string {
  const url = process.env[RUNTIME_URL_VAR] || process.env.DATABASE_URL;
  if (!url) throw new Error('The database is not started: run Recall with `npm start` (or set DATABASE_URL).');
  return url;
}

/** Supabase's transaction pooler (port 6543, or pgbouncer=true) cannot hold prepared statements. */
export function isTransactionPooler(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.port === '6543' || parsed.searchParams.get('pgbouncer') === 'true';
  } catch {
    return false;
  }
}
