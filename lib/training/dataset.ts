import 'server-only';
import type { Sql, TransactionSql } from 'postgres';
import type { Example, TrainingData } from './batches';
import type { Embedder } from './embedder';
import { fnv1a } from './random';
import { TRAINING } from './settings';
import { TRAINABLE_REVIEW_STATES } from './trainable';

export type Dataset = TrainingData & {
  eval: Example[];
  /** Trainable pairs loaded (training and held out). */
  pairs: number;
};

/** Pairs of the lineage that training may use: everything an admin did not reject (TRAINABLE_REVIEW_STATES). */
const trainablePairs = (sql: Sql | TransactionSql, runIds: string[]) =>
  sql`public.pairs where run_id = any(${runIds}::uuid[]) and review_state = any(${[...TRAINABLE_REVIEW_STATES]}::text[])`;

export async function countTrainablePairs(sql: Sql | TransactionSql, runIds: string[]): Promise<number> {
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from ${trainablePairs(sql, runIds)}`;
  return row!.n;
}

/**
 * Loads and embeds the lineage's trainable pairs: a deterministic sample of at most
 * TRAINING.maxPairs (by a hash of the pair id, so a resumed training sees the same data),
 * every TRAINING.evalEvery-th held out for evaluation.
 */
export async function loadDataset(sql: Sql, runIds: string[], embedder: Embedder, signal: AbortSignal): Promise<Dataset> {
  const pairs = await sql<{ id: string; question: string; chunk_id: string }[]>`
    select id::text, question, chunk_id from ${trainablePairs(sql, runIds)}
    order by md5(id::text) limit ${TRAINING.maxPairs}`;
  const chunkIds = [...new Set(pairs.map((pair) => pair.chunk_id))];
  const chunks = await sql<{ id: string; content: string }[]>`
    select id, content from public.chunks where id = any(${chunkIds}::uuid[])`;
  const content = new Map(chunks.map((chunk) => [chunk.id, chunk.content]));
  const known = pairs.filter((pair) => content.has(pair.chunk_id));

  const isEval = (pair: { id: string }) => fnv1a(pair.id) % TRAINING.evalEvery === 0;
  let heldOut = known.filter(isEval).slice(0, TRAINING.maxEvalQueries);
  let training = known.filter((pair) => !isEval(pair));
  // A tiny lineage can hash every pair into the held-out set: train on them all then, and
  // report no held-out measurement rather than fail for want of pairs.
  if (training.length === 0) {
    training = known;
    heldOut = [];
  }
  // Candidates: the held-out queries' passages first (they must be findable), then the rest up to the cap.
  const order = [...new Set([...heldOut.map((pair) => pair.chunk_id), ...training.map((pair) => pair.chunk_id)])].slice(0, TRAINING.maxCandidates);
  const index = new Map(order.map((id, i) => [id, i]));

  const candidates = await embedInSlices(embedder, order.map((id) => content.get(id)!), signal);
  const examples = async (list: typeof known) => {
    const usable = list.filter((pair) => index.has(pair.chunk_id));
    const vectors = await embedInSlices(embedder, usable.map((pair) => pair.question), signal);
    return usable.map((pair, i) => ({ query: vectors[i]!, target: index.get(pair.chunk_id)! }));
  };
  return { train: await examples(training), eval: await examples(heldOut), candidates, pairs: known.length };
}

/** Embeds in slices, yielding between them so a web server in the same process stays responsive. */
async function embedInSlices(embedder: Embedder, texts: string[], signal: AbortSignal): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (let i = 0; i < texts.length; i += 256) {
    signal.throwIfAborted();
    out.push(...(await embedder.embed(texts.slice(i, i + 256), signal)));
    await new Promise((resolve) => setImmediate(resolve));
  }
  return out;
}
