import { z } from 'zod';
import { AppError } from '@/lib/errors';

/** The `[id]` of a route: anything that is not a UUID cannot name a row, so it is "not found". */
export async function idParam(params: Promise<{ id: string }>, what = 'Resource'): Promise<string> {
  const parsed = z.uuid().safeParse((await params).id);
  if (!parsed.success) throw new AppError('not_found', `${what} not found.`);
  return parsed.data;
}
