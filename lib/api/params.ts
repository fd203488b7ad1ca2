import { z } from 'zod';
import { AppError } from '@/lib/errors';

/** The `[id]` of a route: anything that is not a UUID cannot name a row, so it is "not found". */
export async function idParam(params: Promise<{ id: string }>, what = 'Resource'): Promise<string> {
  const parsed = z.uuid().safeParse((await params).id);
  if (!parsed.success) throw new AppError('not_found', `${what} not found.`);
  return parsed.data;
}

/** Any other uuid segment of a route (`[userId]`, `[invitationId]`): not a UUID → not found. */
export async function uuidParam<K extends string>(params: Promise<Record<K, string>>, key: K, what = 'Resource'): Promise<string> {
  const parsed = z.uuid().safeParse((await params)[key]);
  if (!parsed.success) throw new AppError('not_found', `${what} not found.`);
  return parsed.data;
}
