import 'server-only';
import type { SessionUser } from '@/lib/auth/claims';
import { AppError } from '@/lib/errors';
import type { RunConfigInput } from '../config';
import { scheduleRun } from '../engine/schedule';
import { RUN_COLUMNS, type RunRow } from '../run-row';
import { CONTINUABLE, type RunStatus } from '../status';
import { asRunAdmin } from './authorize';
import { actorOf, createRun, runConfigFor } from './start-run';

/**
 * A new run extending a generated or completed run's lineage over the chunks it has not
 * covered (e.g. documents added since). The parent stops blocking its corpus: the lineage
 * head is the child now.
 */
export async function continueRun(user: SessionUser, runId: string, configInput?: RunConfigInput): Promise<RunRow> {
  const child = await asRunAdmin(user, runId, async (tx) => {
    const [parent] = await tx<RunRow[]>`select ${tx.unsafe(RUN_COLUMNS)} from public.runs where id = ${runId} for update`;
    if (!parent) throw new AppError('not_found', 'Run not found.');
    if (!(CONTINUABLE as readonly RunStatus[]).includes(parent.status)) {
      throw new AppError('invalid_state', `Only generated or completed runs can be continued; this one is ${parent.status.replace('_', ' ')}.`, {
        status: 409,
        fields: { status: parent.status },
      });
    }
    if (parent.continued_at) {
      const [existing] = await tx<{ id: string }[]>`select id from public.runs where parent_run_id = ${runId} order by created_at desc limit 1`;
      throw new AppError('already_continued', 'This run has already been continued.', { status: 409, fields: { status: parent.status, child_run_id: existing?.id } });
    }
    // The child keeps the parent's settings but for what the caller overrides.
    const config = runConfigFor({ ...parent.config, ...configInput });
    await tx`update public.runs set continued_at = now() where id = ${runId}`;
    const actor = actorOf(user);
    const child = await createRun(tx, { corpusId: parent.corpus_id, workspaceId: parent.workspace_id, config, actor, parentRunId: runId });
    await tx`insert into public.run_events (run_id, workspace_id, actor_id, actor, from_status, to_status, message)
             values (${runId}, ${parent.workspace_id}, ${actor.id}, ${actor.label}, ${parent.status}, ${parent.status},
                     ${`Continued by run ${child.id} over ${child.total_chunks} chunks`})`;
    return child;
  });
  await scheduleRun(child.id);
  return child;
}
