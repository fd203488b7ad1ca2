// GET /api/health — liveness and database reachability, for load balancers and start-up checks
import { NextResponse } from 'next/server';
import { withRls } from '@/lib/db/rls';

export const dynamic = 'force-dynamic';

export async function GET() {
  try {
    await withRls(null, (tx) => tx`select 1`);
    return NextResponse.json({ ok: true });
  } catch {
    return NextResponse.json({ ok: false, error: { code: 'database_unavailable', message: 'The database is not reachable.' } }, { status: 503 });
  }
}
