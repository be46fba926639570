import type { Cookies } from '@sveltejs/kit';
import type { JwtClaims } from '../db/index.ts';

export type SignInResult = { ok: true; claims: JwtClaims } | { ok: false; reason: 'invalid_credentials' };

/** What hooks and routes need from an identity provider; local and Supabase adapters implement it. */
export interface AuthAdapter {
  readonly name: 'local' | 'supabase';
  signIn(cookies: Cookies, email: string, password: string): Promise<SignInResult>;
  /** Verified claims of the signed-in user, or null. Never trusts a cookie without checking it. */
  getClaims(cookies: Cookies): Promise<JwtClaims | null>;
  signOut(cookies: Cookies): Promise<void>;
}

export type AppRole = 'admin' | 'consultant';

/** The app role from GoTrue's app_metadata (set by admins only, never by the user). */
export function appRole(claims: JwtClaims | null): AppRole | null {
  const role = claims?.app_metadata?.role;
  return role === 'admin' || role === 'consultant' ? role : null;
}
