// GET /auth/v1/.well-known/jwks.json — public keys that verify Recall's access tokens (embedded mode),
// at the path Supabase Auth uses, so any Supabase-aware verifier can point here.
import { NextResponse } from 'next/server';
import { signingKey } from '@/lib/auth/signing-key';
import { authMode, env } from '@/lib/env';

export async function GET() {
  // On Supabase, tokens are Supabase's: its project publishes the keys.
  if (authMode() === 'supabase') return NextResponse.json({ error: { code: 'not_found', message: 'Not found.' } }, { status: 404 });
  const { jwks } = await signingKey(env().RECALL_DATA_DIR);
  return NextResponse.json(jwks, { headers: { 'Cache-Control': 'public, max-age=600' } });
}
