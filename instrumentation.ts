// Starts the in-process workers when the Next.js server starts (RECALL_WORKER=inline, the
// default). They run inside Next's server bundle, next to the code they share with it.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  if (process.env.RECALL_WORKER === 'off' || !process.env.RECALL_RUNTIME_DATABASE_URL) return;
  const { startWorker } = await import('@/lib/runs/engine/worker');
  await startWorker();
  console.log('  Background worker running in this process (RECALL_WORKER=off to disable)');
}
