// POST /api/auth/logout?scope=local|global|others — end this session (or all, or all others) server-side
import { requireUser } from '@/lib/auth/require';
import { signOutRequest, signOutScopeSchema } from '@/lib/auth/sign-out';
import { apiRoute, parseWith } from '@/lib/api/route';
import { z } from 'zod';

// GoTrue's logout takes the same scopes; without one, only this session ends.
const querySchema = z.object({ scope: signOutScopeSchema.default('local') });

export const POST = apiRoute(async (request) => {
  const { scope } = parseWith(querySchema, { scope: request.nextUrl.searchParams.get('scope') ?? undefined });
  const user = await requireUser();
  await signOutRequest(user.claims, scope);
  return new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });
});
