/**
 * How a worker process is started (`npm run worker`, the chaos test, the benchmarks): the
 * react-server condition lets it load server-only modules, and a bounded heap keeps its
 * memory flat whatever the corpus size (batches stream; nothing needs a large heap). The young
 * generation is bounded too: V8 sizes it up to 3 × 32 MB by default, which alone took an
 * allocation-heavy training evaluation to 280 MB; at 16 MB semi-spaces it peaks at 166 MB.
 */
export const WORKER_NODE_ARGS = ['--max-old-space-size=96', '--max-semi-space-size=16', '--conditions=react-server', '--import', 'tsx', 'scripts/worker.ts'];
