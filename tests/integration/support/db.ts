/** Shared helpers for integration tests: claims for each role, an owner connection for setup. */
import pg from 'pg';
import { inject } from 'vitest';
import type { JwtClaims } from '../../../web/lib/server/db/index.ts';

/** Demo logins from supabase/seed.sql (fixed ids). */
export const DEMO = {
  admin: { id: '00000000-0000-4000-8000-000000000001', email: 'admin@magnetiq.local', password: 'magnetiq-admin' },
  anna: { id: '00000000-0000-4000-8000-000000000011', email: 'anna.schmidt@magnetiq.local', password: 'magnetiq-consultant' },
  ben: { id: '00000000-0000-4000-8000-000000000012', email: 'ben.carter@magnetiq.local', password: 'magnetiq-consultant' }
} as const;

/** GoTrue-shaped claims for a user with an app role. */
export function claimsFor(id: string, email: string, role: 'admin' | 'consultant' | null): JwtClaims {
  return { sub: id, role: 'authenticated', email, app_metadata: role ? { role, provider: 'email' } : { provider: 'email' } };
}

export const adminClaims = () => claimsFor(DEMO.admin.id, DEMO.admin.email, 'admin');

let owner: pg.Pool | undefined;

/** A pool connected as the schema owner (`postgres`, bypasses RLS): test setup and checks only. */
export function ownerPool(): pg.Pool {
  owner ??= new pg.Pool({ connectionString: inject('databaseUrl'), max: 3 });
  return owner;
}

export async function closeOwnerPool() {
  await owner?.end();
  owner = undefined;
}

/** The SQLSTATE and message of a rejected promise (fails the test if it resolved). */
export async function dbError(promise: Promise<unknown>): Promise<{ code: string; message: string; constraint?: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { code?: string; message: string; constraint?: string };
    return { code: e.code ?? '', message: e.message, constraint: e.constraint };
  }
  throw new Error('expected the database to refuse this, but it succeeded');
}
