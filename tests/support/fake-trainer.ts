import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake external trainer: real HTTP on 127.0.0.1 speaking Recall's trainer protocol
 * (lib/training/remote/protocol.ts), that can queue, progress, succeed, fail, hang, forget a
 * job and answer garbage. It can be stopped and started again on the same port with its jobs.
 */
export type FakeTrainerMode = 'succeed' | 'fail' | 'hang' | 'forget' | 'garbage-status' | 'garbage-result' | 'wrong-dimensions';

type Job = { id: string; polls: number; dim: number; forgotten: boolean; cancelled: boolean; mode: FakeTrainerMode };

export async function startFakeTrainer(options: { mode?: FakeTrainerMode; polls?: number; embedders?: string[]; token?: string } = {}) {
  let mode: FakeTrainerMode = options.mode ?? 'succeed';
  let embedders = options.embedders ?? ['*'];
  const jobs = new Map<string, Job>();
  const submissions: { body: Record<string, unknown>; idempotencyKey: string | undefined }[] = [];
  const requests: string[] = [];
  const polls = options.polls ?? 3;

  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(text);
  };
  const handler = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0]!;
    requests.push(`${req.method} ${path}`);
    if (options.token && req.headers.authorization !== `Bearer ${options.token}`) return send(res, 401, { error: 'unauthorized' });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method === 'GET' && path === '/v1/capabilities') return send(res, 200, { embedders, max_dim: 20_000 });
    if (req.method === 'POST' && path === '/v1/jobs') {
      const body = JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown> & { space: { dim: number } };
      submissions.push({ body, idempotencyKey: req.headers['idempotency-key'] as string | undefined });
      const id = `job-${submissions.length}`;
      jobs.set(id, { id, polls: 0, dim: body.space.dim, forgotten: false, cancelled: false, mode });
      return send(res, 202, { job_id: id });
    }
    const match = /^\/v1\/jobs\/([^/]+)(\/result)?$/.exec(path);
    const job = match ? jobs.get(decodeURIComponent(match[1]!)) : undefined;
    if (!job) return send(res, 404, { error: 'no such job' });
    if (req.method === 'DELETE') {
      job.cancelled = true;
      return send(res, 200, { ok: true });
    }
    if (match![2]) {
      if (job.mode === 'garbage-result') return send(res, 200, { form: 'diagonal', weights: 'nope' });
      const dim = job.mode === 'wrong-dimensions' ? job.dim + 1 : job.dim;
      const a = new Float32Array(dim).fill(0.01);
      return send(res, 200, { form: 'diagonal', rank: 0, dim, a: Buffer.from(a.buffer).toString('base64'), u: '', v: '' });
    }
    if (job.mode === 'forget' && !job.forgotten) {
      // Forgets this job (as a trainer restarted without its state would), and behaves afterwards.
      job.forgotten = true;
      jobs.delete(job.id);
      mode = 'succeed';
      return send(res, 404, { error: 'no such job' });
    }
    if (job.mode === 'garbage-status') return send(res, 200, '<html>gateway</html>');
    job.polls += 1;
    if (job.cancelled) return send(res, 200, { status: 'cancelled' });
    if (job.mode === 'hang') return send(res, 200, { status: 'running', progress: { step: job.polls, total: 1000 } });
    if (job.polls < polls) return send(res, 200, { status: job.polls === 1 ? 'queued' : 'running', progress: { step: job.polls * 10, total: polls * 10, loss: 1 / job.polls } });
    if (job.mode === 'fail') return send(res, 200, { status: 'failed', error: 'out of GPU memory' });
    return send(res, 200, { status: 'succeeded', progress: { step: polls * 10, total: polls * 10, loss: 0.1 } });
  };
  const server = http.createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  let current = server;
  return {
    url: `http://127.0.0.1:${port}`,
    submissions,
    requests,
    jobs,
    setMode: (next: FakeTrainerMode) => void (mode = next),
    setEmbedders: (next: string[]) => void (embedders = next),
    /** Stops answering (connections refused) until `start`; jobs are kept. */
    async stop() {
      await new Promise<void>((resolve) => {
        current.close(() => resolve());
        current.closeAllConnections();
      });
    },
    async start() {
      current = http.createServer((req, res) => void handler(req, res));
      await new Promise<void>((resolve) => current.listen(port, '127.0.0.1', resolve));
    },
    close: () => new Promise<void>((resolve) => {
      current.close(() => resolve());
      current.closeAllConnections();
    }),
  };
}
