import 'server-only';
import { backoffMs, sleep } from '@/lib/llm/openai/retry';
import { identityAdapter, parameterCount, type Adapter } from '../adapter';
import { validationScore } from '../local-trainer';
import { TRAINING } from '../settings';
import type { Trainer, TrainerInput } from '../trainer';
import { trainerRequest, TrainerError, type TrainerEndpoint } from './client';
import { jobSchema, resultSchema, submittedSchema, type JobRequest } from './protocol';

export type RemoteTrainerOptions = {
  endpoint: TrainerEndpoint;
  /** Polling: the first wait, doubled (with jitter) up to the last. */
  pollMs: { first: number; max: number };
  /** A job that has not finished after this long fails the training (trainer_timeout). */
  deadlineMs: number;
};

/** Where the phase driver keeps the remote job's id (runs.training_remote_job), so a resume re-attaches. */
export type JobStore = { get(): Promise<string | null>; set(id: string | null): Promise<boolean> };

/**
 * Trains on an external service over HTTP: submits the prepared pairs as text (the service
 * embeds them in the same space), polls the job with exponential backoff and jitter, and takes
 * the adapter it returns only if it beats no adapter on Recall's own validation queries. The
 * job id is stored before polling starts: a proceed after a crash, a deploy or a failure
 * polls the same job again instead of submitting another.
 */
export function createRemoteTrainer(options: RemoteTrainerOptions): Trainer {
  const { endpoint } = options;
  return {
    kind: 'remote',
    async train(input: TrainerInput) {
      const { signal, prepared, jobs } = input;
      const submit = async () => {
        const submitted = await trainerRequest(endpoint, { method: 'POST', path: '/v1/jobs', body: jobRequest(input), headers: { 'idempotency-key': `${input.runId}:${prepared.embedder.space.key}` } }, submittedSchema, signal);
        if (!submitted) throw new TrainerError('trainer_rejected', 'The trainer does not accept jobs at POST /v1/jobs (404).');
        if (!(await jobs.set(submitted.job_id))) return null;
        return submitted.job_id;
      };
      let jobId = await jobs.get();
      let resubmitted = false;
      if (!jobId) jobId = await submit();
      if (!jobId) return null;
      const started = Date.now();
      let wait = options.pollMs.first;
      let step = 0;
      for (;;) {
        const job = await trainerRequest(endpoint, { method: 'GET', path: `/v1/jobs/${encodeURIComponent(jobId)}` }, jobSchema, signal);
        if (!job) {
          // The trainer forgot the job (restarted without its state): submit once more, not forever.
          if (resubmitted) throw new TrainerError('trainer_forgot', `The trainer lost job ${jobId} twice.`);
          resubmitted = true;
          jobId = await submit();
          if (!jobId) return null;
          continue;
        }
        step = job.progress?.step ?? step;
        const total = Math.max(job.progress?.total ?? 0, step);
        if (!(await input.progress({ stepsDone: step, stepsTotal: total, loss: job.progress?.loss ?? null, form: 'remote' }, null))) return null;
        if (job.status === 'succeeded') break;
        if (job.status === 'failed') throw new TrainerError('trainer_failed', `The trainer failed job ${jobId}: ${job.error ?? 'no reason given'}.`);
        if (job.status === 'cancelled') {
          await jobs.set(null);
          throw new TrainerError('trainer_failed', `The trainer cancelled job ${jobId}. Proceed to submit it again.`);
        }
        if (Date.now() - started > options.deadlineMs) throw new TrainerError('trainer_timeout', `Job ${jobId} did not finish within ${Math.round(options.deadlineMs / 1000)} s.`);
        await sleep(Math.max(options.pollMs.first / 2, backoffMs(0, wait, wait)), signal);
        wait = Math.min(options.pollMs.max, wait * 2);
      }
      const raw = await trainerRequest(endpoint, { method: 'GET', path: `/v1/jobs/${encodeURIComponent(jobId)}/result` }, resultSchema, signal);
      if (!raw) throw new TrainerError('trainer_garbage', `The trainer has no result for job ${jobId}.`);
      const adapter = adapterOf(raw, prepared.embedder.space.dim);
      // Recall's own validation decides, as for the local trainer: a remote adapter no better than none is not kept.
      const identity = identityAdapter(prepared.data.dim);
      const identityScore = validationScore(identity, prepared.data);
      const score = validationScore(adapter, prepared.data);
      const improved = score > identityScore;
      return {
        adapter: improved ? adapter : identity,
        improved,
        identityScore,
        bestScore: score,
        candidates: [{ form: adapter.form, rank: adapter.rank, validation: score, steps: step }],
        curve: [],
        steps: step,
      };
    },
  };
}

function jobRequest(input: TrainerInput): JobRequest {
  const { prepared, epochs } = input;
  const { data, texts, embedder } = prepared;
  return {
    space: { provider: embedder.space.provider, model: embedder.space.model, dim: embedder.space.dim },
    epochs,
    forms: ['diagonal', 'diagonal_low_rank'],
    max_rank: TRAINING.maxRank,
    passages: texts.passages,
    train: data.train.map((example, i) => ({ query: texts.train[i]!, positive: example.positive, negatives: [...example.negatives] })),
    validation: data.validation.map((v, i) => ({ query: texts.validation[i]!, relevant: [...v.relevant], candidates: [...v.candidates] })),
  };
}

/** The trainer's adapter, checked against the space it was asked for. */
function adapterOf(raw: { form: Adapter['form']; rank: number; dim: number; a: string; u: string; v: string }, dim: number): Adapter {
  if (raw.dim !== dim) throw new TrainerError('trainer_garbage', `The trainer returned an adapter for ${raw.dim} dimensions; the space has ${dim}.`);
  const floats = (base64: string) => {
    const bytes = Buffer.from(base64, 'base64');
    if (bytes.byteLength % 4 !== 0) throw new TrainerError('trainer_garbage', 'The trainer returned weights that are not float32.');
    const values = new Float32Array(Uint8Array.from(bytes).buffer);
    if (!values.every(Number.isFinite)) throw new TrainerError('trainer_garbage', 'The trainer returned weights that are not finite numbers.');
    return values;
  };
  const rank = raw.form === 'diagonal_low_rank' ? raw.rank : 0;
  const [a, u, v] = [floats(raw.a), floats(raw.u), floats(raw.v)];
  const expected = parameterCount(dim, rank, raw.form);
  if (a.length + u.length + v.length !== expected || (raw.form !== 'identity' && a.length !== dim)) {
    throw new TrainerError('trainer_garbage', `The trainer's ${raw.form} adapter has ${a.length + u.length + v.length} parameters; expected ${expected}.`);
  }
  const params = new Float32Array(expected);
  params.set(a, 0);
  params.set(u, a.length);
  params.set(v, a.length + u.length);
  return { form: raw.form, dim, rank, params };
}
