// POST /api/auth/token — exchange email + password for an access token (embedded mode)
import { NextResponse } from 'next/server';
import { signInSchema } from '@/lib/auth/form';
import { signInWithPassword } from '@/lib/auth/sign-in';
import { apiRoute, clientAddress, readJson } from '@/lib/api/route';
import { authMode } from '@/lib/env';
import { AppError } from '@/lib/errors';

export const POST = apiRoute(async (request) => {
  if (authMode() === 'supabase') {
    throw new AppError('not_found', 'Tokens come from Supabase Auth in this deployment (supabase.auth.signInWithPassword).');
  }
  const body = await readJson(request, signInSchema, { maxBytes: 16 * 1024 });
  const session = await signInWithPassword({ ...body, client: clientAddress(request.headers), userAgent: request.headers.get('user-agent') });
  return NextResponse.json(
    { access_token: session.token, token_type: 'bearer', expires_in: session.expiresIn },
    { headers: { 'Cache-Control': 'no-store' } },
  );
});
