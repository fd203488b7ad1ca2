'use server';

import { actionError, type ActionResult } from '@/lib/actions/result';
import { requireUser } from '@/lib/auth/require';
import { searchRun, searchSchema, type SearchResults } from '@/lib/training/search';
import { parseInput } from '@/lib/validation';
import { z } from 'zod';

/** The run page's search box: the same search as POST /api/runs/{id}/search. Viewers may search. */
export async function searchAction(runId: string, query: string): Promise<ActionResult<SearchResults>> {
  try {
    const id = z.uuid().parse(runId);
    const input = parseInput(searchSchema, { query, k: 5 });
    const user = await requireUser();
    return { ok: true, message: 'Searched.', data: await searchRun(user, id, input) };
  } catch (error) {
    return actionError(error);
  }
}
