import 'server-only';
import type { TransactionSql } from 'postgres';
import { z } from 'zod';
import { pool } from './client';

/** Roles a request may take. service_role is never granted to a request. */
const requestRoleSchema = z.enum(['anon', 'authenticated']);

export type RequestClaims = { role: string; sub?: string; [claim: string]: unknown };

/**
 * Runs `fn` in one transaction as the request's role with its JWT claims, exactly as
 * PostgREST does (set_config(…, true) is transaction-local, so this is safe behind
 * Supabase's transaction pooler and leaves nothing behind on the pooled connection).
 * RLS therefore applies identically to the dashboard, the API and Supabase's own clients.
 */
export async function withRls<T>(claims: RequestClaims | null, fn: (tx: TransactionSql) => Promise<T>, options: { snapshot?: boolean } = {}): Promise<T> {
  const role = requestRoleSchema.parse(claims?.role ?? 'anon');
  const payload = JSON.stringify(claims ?? { role: 'anon' });
  // A snapshot: every statement sees the same data (an export read in several passes).
  return pool().begin(options.snapshot ? 'isolation level repeatable read read only' : '', async (tx) => {
    await tx`select set_config('role', ${role}, true), set_config('request.jwt.claims', ${payload}, true)`;
    return fn(tx);
  }) as Promise<T>;
}
