/**
 * Supabase Auth through @supabase/ssr (production). Claims are verified by `getClaims()` (signature
 * check against the project's keys, or a round trip to Auth for symmetric keys): a cookie alone is
 * never trusted.
 */
import { createServerClient } from '@supabase/ssr';
import type { Cookies } from '@sveltejs/kit';
import type { JwtClaims } from '../db/index.ts';
import { config } from '../config.ts';
import type { AuthAdapter, SignInResult } from './types.ts';

function client(cookies: Cookies) {
  const { PUBLIC_SUPABASE_URL, PUBLIC_SUPABASE_ANON_KEY } = config();
  if (!PUBLIC_SUPABASE_URL || !PUBLIC_SUPABASE_ANON_KEY) throw new Error('Supabase auth is not configured');
  return createServerClient(PUBLIC_SUPABASE_URL, PUBLIC_SUPABASE_ANON_KEY, {
    cookies: {
      getAll: () => cookies.getAll(),
      setAll: (list) => list.forEach(({ name, value, options }) => cookies.set(name, value, { ...options, path: '/' }))
    }
  });
}

export function createSupabaseAuth(): AuthAdapter {
  return {
    name: 'supabase',
    async signIn(cookies, email, password): Promise<SignInResult> {
      const supabase = client(cookies);
      const { error } = await supabase.auth.signInWithPassword({ email: email.trim(), password });
      if (error) return { ok: false, reason: 'invalid_credentials' };
      const { data } = await supabase.auth.getClaims();
      if (!data?.claims) return { ok: false, reason: 'invalid_credentials' };
      return { ok: true, claims: data.claims as unknown as JwtClaims };
    },
    async getClaims(cookies) {
      const { data, error } = await client(cookies).auth.getClaims();
      if (error || !data?.claims) return null;
      return data.claims as unknown as JwtClaims;
    },
    async signOut(cookies) {
      await client(cookies).auth.signOut();
    }
  };
}
