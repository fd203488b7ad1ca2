import type { Vector } from '@/lib/embeddings/vector';
import { CUTOFF } from '@/lib/evaluation/metrics';
import { adaptDense, adaptQuery, createAdapter, identityAdapter, project, uOf, type Adapter, type AdapterForm } from './adapter';
import { batchLossAndGradient, type Example } from './objective';
import { adamwStep, createOptimizerState, type OptimizerState } from './optimizer';
import { seededRandom } from './random';
import { TRAINING } from './settings';
import { dot, isSparse } from '@/lib/embeddings/vector';
import { decodeState, encodeState } from './checkpoint';
import type { Trainer } from './trainer';

/**
 * Everything the local trainer reads: the passages it may score (a pool: the training
 * chunks, their mined hard negatives, and the validation candidates), training examples, and
 * validation queries with their candidates (the base embedder's top chunks of the whole
 * corpus, positives included). No test chunk is in it.
 */
export type TrainingData = {
  dim: number;
  passages: readonly Vector[];
  train: readonly Example[];
  validation: readonly { query: Vector; candidates: readonly number[]; relevant: ReadonlySet<number> }[];
};

export type FormPlan = { form: Exclude<AdapterForm, 'identity'>; rank: number };

/** The trainer's whole state: what a checkpoint stores, so that a resumed training goes on exactly. */
export type TrainerState = {
  plans: FormPlan[];
  planIndex: number;
  step: number;
  stepsPerPlan: number;
  temperature: number;
  adapter: Adapter;
  optimizer: OptimizerState;
  best: { adapter: Adapter; score: number; step: number } | null;
  evalsSinceBest: number;
  identityScore: number;
  finished: { plan: FormPlan; score: number; adapter: Adapter; steps: number }[];
  /** Mean loss per evaluation window, and validation MRR@10 at each evaluation. */
  curve: { step: number; loss: number; validation: number }[];
  windowLoss: number;
  windowSteps: number;
};

export type TrainerOutcome = {
  /** The adapter to keep: the best on validation, or the identity when none beat it. */
  adapter: Adapter;
  improved: boolean;
  identityScore: number;
  bestScore: number;
  candidates: { form: AdapterForm; rank: number; validation: number; steps: number }[];
  curve: TrainerState['curve'];
  steps: number;
};

/** Validation MRR@10 within each query's candidates, ties not in the query's favour. */
export function validationScore(adapter: Adapter, data: TrainingData): number {
  if (data.validation.length === 0) return 0;
  const u = uOf(adapter);
  let total = 0;
  for (const { query, candidates, relevant } of data.validation) {
    // Dense spaces: q' once, then a dot per candidate; sparse ones keep q' sparse and project candidates.
    const dense = adapter.form !== 'identity' && !isSparse(query) ? adaptDense(adapter, query) : null;
    const adapted = adapter.form === 'identity' || dense ? null : adaptQuery(adapter, query);
    const score = (p: number) => {
      if (dense) return dot(dense, data.passages[p]!);
      if (!adapted) return dot(query, data.passages[p]!);
      let s = dot(adapted.diagonal, data.passages[p]!);
      if (adapter.rank > 0) {
        const y = project(adapter, u, data.passages[p]!);
        for (let k = 0; k < adapter.rank; k++) s += adapted.z[k]! * y[k]!;
      }
      return s;
    };
    const scored = candidates.map((p) => ({ p, s: score(p), relevant: relevant.has(p) }));
    scored.sort((x, y) => y.s - x.s || Number(x.relevant) - Number(y.relevant));
    const first = scored.findIndex((entry) => entry.relevant);
    if (first >= 0 && first < CUTOFF) total += 1 / (first + 1);
  }
  return total / data.validation.length;
}

export function initialState(data: TrainingData, seed: number, options: { epochs: number }): TrainerState {
  const rank = Math.max(4, Math.min(TRAINING.maxRank, Math.floor(data.train.length / 150)));
  const plans: FormPlan[] = [{ form: 'diagonal', rank: 0 }, { form: 'diagonal_low_rank', rank }];
  const stepsPerPlan = Math.max(TRAINING.minSteps, Math.min(TRAINING.maxStepsPerForm, Math.ceil((options.epochs * data.train.length) / TRAINING.batchSize)));
  // A temperature on the scores' own scale: cosine scores and BM25 scores differ by orders of magnitude.
  const positives = data.train.slice(0, 200).map((example) => dot(example.query, data.passages[example.positive]!));
  const scale = positives.length ? positives.reduce((sum, s) => sum + Math.abs(s), 0) / positives.length : 1;
  const identity = identityAdapter(data.dim);
  return {
    plans,
    planIndex: 0,
    step: 0,
    stepsPerPlan,
    temperature: Math.max(1e-4, scale * TRAINING.temperatureShare),
    ...startPlan(plans[0]!, data.dim, seed, 0),
    best: null,
    evalsSinceBest: 0,
    identityScore: validationScore(identity, data),
    finished: [],
    curve: [],
    windowLoss: 0,
    windowSteps: 0,
  };
}

function startPlan(plan: FormPlan, dim: number, seed: number, planIndex: number) {
  const adapter = createAdapter(plan.form, dim, plan.rank, seededRandom(seed ^ (planIndex + 1)));
  return { adapter, optimizer: createOptimizerState(adapter.params.length) };
}

const copyAdapter = (adapter: Adapter): Adapter => ({ ...adapter, params: Float32Array.from(adapter.params) });

/** Total steps, for progress: every plan's budget (early stopping may finish sooner). */
export const totalSteps = (state: TrainerState) => state.plans.length * state.stepsPerPlan;
export const stepsDone = (state: TrainerState) => state.planIndex * state.stepsPerPlan + state.step;

/**
 * Advances the training by one step. Step k of a plan draws its batch from a generator seeded
 * by (seed, plan, k), so the steps do not depend on where a training was interrupted.
 * Returns false once every plan is done.
 */
export function trainStep(state: TrainerState, data: TrainingData, seed: number): boolean {
  if (state.planIndex >= state.plans.length) return false;
  const random = seededRandom(seed ^ Math.imul(state.planIndex + 1, 0x85ebca6b) ^ Math.imul(state.step + 1, 0x9e3779b1));
  const size = Math.min(TRAINING.batchSize, data.train.length);
  const batch = Array.from({ length: size }, () => {
    const example = data.train[Math.floor(random() * data.train.length)]!;
    const negatives = [...example.negatives].sort(() => random() - 0.5).slice(0, TRAINING.hardNegativesPerQuery);
    return { ...example, negatives };
  });
  const grad = new Float32Array(state.adapter.params.length);
  const loss = batchLossAndGradient(state.adapter, data.passages, batch, state.temperature, grad);
  adamwStep(state.adapter.params, grad, state.optimizer);
  state.step += 1;
  state.windowLoss += loss;
  state.windowSteps += 1;
  const evalEvery = Math.max(10, Math.floor(state.stepsPerPlan / TRAINING.evaluationsPerForm));
  if (state.step % evalEvery === 0 || state.step === state.stepsPerPlan) evaluate(state, data);
  if (state.planIndex < state.plans.length && (state.step >= state.stepsPerPlan || state.evalsSinceBest >= TRAINING.patience)) finishPlan(state, data, seed);
  return state.planIndex < state.plans.length;
}

function evaluate(state: TrainerState, data: TrainingData) {
  const score = validationScore(state.adapter, data);
  const steps = stepsDone(state);
  state.curve.push({ step: steps, loss: state.windowSteps ? state.windowLoss / state.windowSteps : 0, validation: score });
  state.windowLoss = 0;
  state.windowSteps = 0;
  if (!state.best || score > state.best.score) {
    state.best = { adapter: copyAdapter(state.adapter), score, step: state.step };
    state.evalsSinceBest = 0;
  } else {
    state.evalsSinceBest += 1;
  }
}

function finishPlan(state: TrainerState, data: TrainingData, seed: number) {
  const plan = state.plans[state.planIndex]!;
  if (state.best) state.finished.push({ plan, score: state.best.score, adapter: state.best.adapter, steps: state.step });
  state.planIndex += 1;
  state.step = 0;
  state.best = null;
  state.evalsSinceBest = 0;
  const next = state.plans[state.planIndex];
  if (next) Object.assign(state, startPlan(next, data.dim, seed, state.planIndex));
}

/** The chosen adapter once every plan is done: the best on validation, if it beats the identity. */
export function outcomeOf(state: TrainerState, dim: number): TrainerOutcome {
  const best = [...state.finished].sort((a, b) => b.score - a.score)[0];
  const improved = best !== undefined && best.score > state.identityScore;
  return {
    adapter: improved ? best.adapter : identityAdapter(dim),
    improved,
    identityScore: state.identityScore,
    bestScore: best?.score ?? state.identityScore,
    candidates: state.finished.map((f) => ({ form: f.plan.form, rank: f.plan.rank, validation: f.score, steps: f.steps })),
    curve: state.curve,
    steps: state.finished.reduce((sum, f) => sum + f.steps, 0),
  };
}

/**
 * Trains in this process: the plans one after another, each with early stopping on
 * validation; a checkpoint every TRAINING.checkpointEveryMs (and at each plan's end), and
 * the event loop yielded between steps so a web server in the same process stays responsive.
 */
export function createLocalTrainer(): Trainer {
  return {
    kind: 'local',
    async train({ prepared, seed, resume, signal, epochs, progress }) {
      const { data } = prepared;
      const state = resume ? decodeState(resume) : initialState(data, seed, { epochs });
      const report = (checkpoint: boolean) =>
        progress(
          { stepsDone: stepsDone(state), stepsTotal: totalSteps(state), loss: state.curve.at(-1)?.loss ?? null, form: state.plans[state.planIndex]?.form ?? null },
          checkpoint ? encodeState(state) : null,
        );
      if (!(await report(true))) return null;
      let lastTick = Date.now();
      let lastCheckpoint = Date.now();
      let plan = state.planIndex;
      for (;;) {
        if (signal.aborted) return null; // released: the next coordinator resumes from the checkpoint
        const more = trainStep(state, data, seed);
        if (!more) break;
        if (Date.now() - lastTick >= TRAINING.tickMs || state.planIndex !== plan) {
          lastTick = Date.now();
          const checkpoint = Date.now() - lastCheckpoint >= TRAINING.checkpointEveryMs || state.planIndex !== plan;
          if (checkpoint) lastCheckpoint = Date.now();
          plan = state.planIndex;
          if (!(await report(checkpoint))) return null;
        }
        // One step takes milliseconds; yielding keeps a web server in the same process responsive.
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (!(await report(true))) return null;
      return outcomeOf(state, data.dim);
    },
  };
}
