import 'server-only';
import type { SessionUser } from '@/lib/auth/claims';
import { withRls } from '@/lib/db/rls';
import { AppError } from '@/lib/errors';
import { assertWorkspaceRole } from '@/lib/workspaces/access';
import type { RunConfigInput } from '../config';
import { createRun, runConfigFor } from '../create-run';
import { scheduleRun } from '../engine/schedule';
import { actorOf } from '../events';
import type { RunRow } from '../run-row';

/** POST /api/runs, the Generate button: a new run over a corpus. */
export async function startRun(user: SessionUser, corpusId: string, configInput?: RunConfigInput): Promise<RunRow> {
  const config = runConfigFor(configInput);
  const corpus = await withRls(user.claims, async (tx) => (await tx<{ workspace_id: string }[]>`select workspace_id from public.corpora where id = ${corpusId}`)[0]);
  if (!corpus) throw new AppError('not_found', 'Corpus not found.');
  await assertWorkspaceRole(user, corpus.workspace_id, 'admin');
  const run = await withRls(user.claims, (tx) => createRun(tx, { corpusId, workspaceId: corpus.workspace_id, config, actor: actorOf(user) }));
  await scheduleRun(run.id);
  return run;
}
