import 'server-only';
import type { SessionUser } from '@/lib/auth/claims';
import { newestChunkAt } from '@/lib/corpus/newest-chunk';
import { assertAllowed } from '../available-actions';
import type { RunConfigInput } from '../config';
import { createRun, runConfigFor } from '../create-run';
import { scheduleRun } from '../engine/schedule';
import { actorOf, recordEvent } from '../events';
import type { RunRow } from '../run-row';
import { lockRun } from '../transition';
import { asRunAdmin } from './authorize';

/**
 * A new run extending a generated or completed run's lineage over the chunks it has not
 * covered (e.g. documents added since). The parent stops blocking its corpus: the lineage
 * head is the child now.
 */
export async function continueRun(user: SessionUser, runId: string, configInput?: RunConfigInput): Promise<RunRow> {
  const child = await asRunAdmin(user, runId, async (tx) => {
    const parent = await lockRun(tx, runId);
    assertAllowed('continue', parent, { newestChunkAt: await newestChunkAt(tx, parent.corpus_id) });
    // The child keeps the parent's settings but for what the caller overrides.
    const config = runConfigFor({ ...parent.config, ...configInput });
    await tx`update public.runs set continued_at = now() where id = ${runId}`;
    const actor = actorOf(user);
    const child = await createRun(tx, { corpusId: parent.corpus_id, workspaceId: parent.workspace_id, config, actor, parentRunId: runId });
    await recordEvent(tx, runId, { actor, message: `Continued by run ${child.id} over ${child.total_chunks} chunks` });
    return child;
  });
  await scheduleRun(child.id);
  return child;
}
