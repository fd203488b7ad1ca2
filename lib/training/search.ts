import 'server-only';
import { z } from 'zod';
import type { SessionUser } from '@/lib/auth/claims';
import { withRls } from '@/lib/db/rls';
import { AppError } from '@/lib/errors';
import { createBm25StatisticsBuilder } from '@/lib/evaluation/bm25';
import { embedQueries, streamCorpus } from '@/lib/evaluation/evaluate';
import { TopK } from '@/lib/evaluation/ranks';
import { bm25Scorer, embeddingScorer } from '@/lib/evaluation/scorers';
import { storableText } from '@/lib/validation';
import { snapshotCorpus } from './corpus';
import type { Embedder } from '@/lib/embeddings/embedder';
import type { Vector } from '@/lib/embeddings/vector';
import type { PassageVectors } from '@/lib/evaluation/evaluate';
import type { TransactionSql } from 'postgres';
import { embedPages } from './prepare';
import { embedderOfSpace } from './select';
import { loadAdapter } from './store';

export const searchSchema = z
  .object({
    query: storableText().trim().min(1, 'Type a question.').max(1_000, 'At most 1,000 characters.'),
    k: z.int().min(1).max(50).default(10),
  })
  .strict();
export type SearchInput = z.input<typeof searchSchema>;

export type SearchHit = { chunk_id: string; document_id: string; score: number; document_title: string; excerpt: string };
export type SearchResults = { base: SearchHit[]; adapted: SearchHit[]; bm25: SearchHit[] };

/**
 * One question against every chunk of the run's corpus, three ways: the embedder alone, with
 * the run's adapter, and BM25. Read as the user (RLS): viewers may search, and a run they
 * cannot see is not found.
 */
export async function searchRun(user: SessionUser, runId: string, input: { query: string; k: number }): Promise<SearchResults> {
  return withRls(user.claims, async (tx) => {
    const [run] = await tx<{ corpus_id: string; status: string }[]>`select corpus_id, status from public.runs where id = ${runId}`;
    if (!run) throw new AppError('not_found', 'Run not found.');
    const stored = await loadAdapter(tx, runId);
    if (!stored) throw new AppError('invalid_state', 'This run has no trained adapter yet: train it first.', { fields: { status: run.status } });
    const embedder = await embedderOfSpace(stored.space, stored.spaceData);
    const bm25 = createBm25StatisticsBuilder();
    const snapshot = await snapshotCorpus(tx, run.corpus_id, (texts) => bm25.add(texts));
    const [query] = await embedQueries(embedder, [input.query]);
    const tops = { base: new TopK(input.k), adapted: new TopK(input.k), bm25: new TopK(input.k) };
    const keep = (top: TopK) => (_q: number, chunk: number, score: number) => top.visit(chunk, score);
    await streamCorpus(
      snapshot.corpus,
      [
        { scorer: embeddingScorer([query!]), visit: keep(tops.base) },
        { scorer: embeddingScorer([query!], stored.adapter), visit: keep(tops.adapted) },
        { scorer: bm25Scorer([input.query], bm25.finish()), visit: keep(tops.bm25) },
      ],
      embedder.cacheable ? cachedPassages(tx, embedder, run.corpus_id) : embedPages(embedder),
    );
    const shown = [...new Set([...tops.base.chunks, ...tops.adapted.chunks, ...tops.bm25.chunks])].map((n) => snapshot.chunks[n]!.id);
    const rows = await tx<{ id: string; excerpt: string; title: string }[]>`
      select c.id, left(c.content, 300) as excerpt, d.title from public.chunks c join public.documents d on d.id = c.document_id where c.id = any(${shown}::uuid[])`;
    const shownRows = new Map(rows.map((row) => [snapshot.numberOf.get(row.id)!, row]));
    const hits = (top: TopK): SearchHit[] =>
      top.chunks.map((n, i) => ({ chunk_id: snapshot.chunks[n]!.id, document_id: snapshot.chunks[n]!.documentId, score: Math.round(top.scores[i]! * 1e6) / 1e6, document_title: shownRows.get(n)?.title ?? '', excerpt: shownRows.get(n)?.excerpt ?? '' }));
    return { base: hits(tops.base), adapted: hits(tops.adapted), bm25: hits(tops.bm25) };
  });
}

/** Passage vectors from the embedding cache (as the user may read them), embedding only what it lacks. */
function cachedPassages(tx: TransactionSql, embedder: Embedder, corpusId: string): PassageVectors {
  return async (page, signal) => {
    const hashes = page.hashes ?? [];
    const rows = await tx<{ content_hash: string; vector: Buffer }[]>`
      select content_hash, vector from private.cached_passage_vectors(${embedder.space.key}, ${corpusId}, ${[...hashes]}::text[])`;
    const found = new Map(rows.map((row) => [row.content_hash, new Float32Array(Uint8Array.from(row.vector).buffer)]));
    const missing = page.texts.filter((_, i) => !found.has(hashes[i]!));
    const fresh = missing.length ? await embedder.embed(missing, 'passage', signal) : [];
    let next = 0;
    return page.texts.map((_, i): Vector => found.get(hashes[i]!) ?? fresh[next++]!);
  };
}
