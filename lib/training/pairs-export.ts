import 'server-only';
import type { SessionUser } from '@/lib/auth/claims';
import { withRls } from '@/lib/db/rls';
import { AppError } from '@/lib/errors';
import { lineageOf } from '@/lib/runs/lineage';
import { TRAINABLE_REVIEW_STATES } from './trainable';

const PAGE = 2_000;

/**
 * The pairs a training used, one JSON object per line: question, the chunk's id and text,
 * and the split it fell in (train, validation or test; none before the run trained). Streamed
 * a page at a time under the user's RLS, so memory stays flat at any size.
 */
export async function exportTrainingPairs(user: SessionUser, runId: string): Promise<ReadableStream<Uint8Array>> {
  const lineage = await withRls(user.claims, async (tx) => {
    const [run] = await tx`select 1 from public.runs where id = ${runId}`;
    if (!run) throw new AppError('not_found', 'Run not found.');
    return lineageOf(tx, runId);
  });
  const encoder = new TextEncoder();
  let after = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const rows = await withRls(user.claims, (tx) => tx<{ id: number; question: string; chunk_id: string; content: string; split: string | null; review_state: string }[]>`
        select p.id::int as id, p.question, p.chunk_id, c.content, s.split, p.review_state
        from public.pairs p join public.chunks c on c.id = p.chunk_id
        left join public.training_splits s on s.run_id = ${runId} and s.chunk_id = p.chunk_id
        where p.run_id = any(${lineage}::uuid[]) and p.review_state = any(${[...TRAINABLE_REVIEW_STATES]}::text[]) and p.id > ${after}
        order by p.id limit ${PAGE}`);
      if (rows.length === 0) {
        controller.close();
        return;
      }
      after = rows.at(-1)!.id;
      controller.enqueue(encoder.encode(rows.map((r) => `${JSON.stringify({ question: r.question, chunk_id: r.chunk_id, passage: r.content, split: r.split, review_state: r.review_state })}\n`).join('')));
    },
  });
}
