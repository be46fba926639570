/**
 * Every admin-registrations service runs through withRls with the caller's claims. RLS already hides
 * registrations from non-admins; reads also ask the database whether the caller is an admin, so a
 * consultant or an anonymous caller is refused outright instead of seeing an empty list.
 */
import { sql, withRls, type JwtClaims, type Tx } from '../db/index.ts';

export class AdminOnlyError extends Error {
  constructor() {
    super('Only admins can manage registrations');
    this.name = 'AdminOnlyError';
  }
}

/** Runs `fn` as the caller after the database confirmed the caller is an admin. */
export function asAdmin<T>(claims: JwtClaims | null, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return withRls(claims, async (tx) => {
    const { rows } = await sql<{ admin: boolean }>`select app.is_admin() as admin`.execute(tx);
    if (!rows[0]?.admin) throw new AdminOnlyError();
    return fn(tx);
  });
}

/** True for the database's "not allowed" answers (SQLSTATE 42501) and for AdminOnlyError. */
export function isRefusal(error: unknown): boolean {
  return (
    error instanceof AdminOnlyError ||
    (typeof error === 'object' && error !== null && (error as { code?: string }).code === '42501')
  );
}
