import postgres, { type Options, type Sql } from 'postgres';
import { isTransactionPooler } from './url';

/** One place that knows how Recall opens a postgres.js pool. */
export function connect(url: string, options: Options<Record<string, never>> = {}): Sql {
  const pooler = isTransactionPooler(url);
  // postgres.js reads PG* variables and the URL's own params; strip the pooler hint it does not know.
  const cleaned = url.replace(/([?&])pgbouncer=true&?/, '$1').replace(/[?&]$/, '');
  return postgres(cleaned, {
    max: 10,
    prepare: !pooler,
    onnotice: () => undefined,
    connection: { application_name: 'recall' },
    ...options,
  });
}
