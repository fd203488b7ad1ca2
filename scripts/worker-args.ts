/**
 * How a worker process is started (`npm run worker`, the chaos test, the benchmarks): the
 * react-server condition lets it load server-only modules, and a bounded heap keeps its
 * memory flat whatever the corpus size (batches stream; nothing needs a large heap).
 */
export const WORKER_NODE_ARGS = ['--max-old-space-size=96', '--conditions=react-server', '--import', 'tsx', 'scripts/worker.ts'];
