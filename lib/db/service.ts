import 'server-only';
import type { Sql } from 'postgres';
import { pool } from './client';

/**
 * The privileged connection (the `postgres` role, which bypasses RLS). Only the auth
 * server (password sign-in), first-boot seeding and the background worker use it;
 * pages, actions and route handlers reach data through withRls() alone (lint-enforced).
 */
export function serviceSql(): Sql {
  return pool();
}
