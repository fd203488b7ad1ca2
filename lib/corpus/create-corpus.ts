import 'server-only';
import type { SessionUser } from '@/lib/auth/claims';
import { isUniqueViolation } from '@/lib/db/errors';
import { withRls } from '@/lib/db/rls';
import { AppError } from '@/lib/errors';
import { assertWorkspaceRole, defaultAdminWorkspace } from '@/lib/workspaces/access';
import type { CreateCorpusInput } from './schemas';

export type Corpus = { id: string; workspace_id: string; name: string; chunk_size: number; chunk_overlap: number; created_at: Date };

export async function createCorpus(user: SessionUser, input: CreateCorpusInput): Promise<Corpus> {
  const workspaceId = input.workspace_id ?? (await defaultAdminWorkspace(user));
  await assertWorkspaceRole(user, workspaceId, 'admin');
  try {
    const [corpus] = await withRls(user.claims, (tx) =>
      tx<Corpus[]>`
        insert into public.corpora (workspace_id, name, chunk_size, chunk_overlap, created_by)
        values (${workspaceId}, ${input.name}, ${input.chunk_size}, ${input.chunk_overlap}, ${user.id})
        returning id, workspace_id, name, chunk_size, chunk_overlap, created_at`,
    );
    return corpus!;
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError('conflict', `A corpus named "${input.name}" already exists in this workspace.`, { details: { field: 'name' } });
    }
    throw error;
  }
}
