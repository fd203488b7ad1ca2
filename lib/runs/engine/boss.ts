import 'server-only';
import { PgBoss } from 'pg-boss';
import { isTransactionPooler, runtimeDatabaseUrl } from '@/lib/db/url';
import { bossHolder as holder } from './boss-holder';
import { SIGNALS_JOB } from '@/lib/review/signals/settings';
import { ENGINE } from './settings';

export { stopBoss } from './boss-holder';

/**
 * The process's pg-boss instance (started once; queues created idempotently). pg-boss only
 * schedules: Recall's own tables stay the record of what is done.
 */
export function boss(): Promise<PgBoss> {
  holder.__recallBoss ??= (async () => {
    const url = runtimeDatabaseUrl();
    const instance = new PgBoss({
      connectionString: url,
      schema: 'pgboss',
      max: 4,
      application_name: 'recall-engine',
      // A dead worker's jobs are found quickly after their heartbeat lapses.
      superviseIntervalSeconds: 2,
      monitorIntervalSeconds: 2,
      // Wake workers at once on new jobs; not possible through a transaction pooler.
      useListenNotify: !isTransactionPooler(url),
    });
    instance.on('error', (error) => console.error('[engine] pg-boss error', error));
    await instance.start();
    await instance.createQueue(ENGINE.coordinatorQueue, {
      policy: 'stately',
      notify: true,
      heartbeatSeconds: ENGINE.heartbeatSeconds,
      retryLimit: ENGINE.maxRecoveries + 1,
      retryDelay: 1,
      // pg-boss caps a job at 24 h; a coordinator hands over to a fresh job every ENGINE.coordinatorTurnMs.
      expireInSeconds: 2 * ENGINE.coordinatorTurnMs / 1000,
    });
    await instance.createQueue(ENGINE.batchQueue, {
      notify: true,
      heartbeatSeconds: ENGINE.heartbeatSeconds,
      retryLimit: 5,
      retryDelay: 1,
      retryBackoff: true,
      expireInSeconds: 60 * 60 * 4,
    });
    // One signal job per run at a time; a crashed one is retried (its work so far is kept).
    await instance.createQueue(SIGNALS_JOB.queue, {
      policy: 'stately',
      heartbeatSeconds: ENGINE.heartbeatSeconds,
      retryLimit: 3,
      retryDelay: 5,
      retryBackoff: true,
      expireInSeconds: 60 * 60 * 12,
    });
    return instance;
  })();
  holder.__recallBoss.catch(() => (holder.__recallBoss = undefined));
  return holder.__recallBoss;
}
