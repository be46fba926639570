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

/** A request-scoped @supabase/ssr client that keeps the session in `cookies`. */
export function supabaseServerClient(cookies: Cookies) {
  const { PUBLIC_SUPABASE_URL, PUBLIC_SUPABASE_ANON_KEY, secureCookies } = config();
  if (!PUBLIC_SUPABASE_URL || !PUBLIC_SUPABASE_ANON_KEY) throw new Error('Supabase auth is not configured');
  return createServerClient(PUBLIC_SUPABASE_URL, PUBLIC_SUPABASE_ANON_KEY, {
    // Only the server reads the session (there is no browser client), so keep it away from scripts,
    // like the local adapter's cookie; @supabase/ssr's default is httpOnly: false.
    cookieOptions: { path: '/', sameSite: 'lax', httpOnly: true, secure: secureCookies },
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
      const supabase = supabaseServerClient(cookies);
      const { error } = await supabase.auth.signInWithPassword({ email: email.trim(), password });
      if (error) return { ok: false, reason: 'invalid_credentials' };
      const { data } = await supabase.auth.getClaims();
      if (!data?.claims) return { ok: false, reason: 'invalid_credentials' };
      return { ok: true, claims: data.claims as unknown as JwtClaims };
    },
    async getClaims(cookies) {
      const supabase = supabaseServerClient(cookies);
      try {
        const { data, error } = await supabase.auth.getClaims();
        if (error || !data?.claims) return null;
        return data.claims as unknown as JwtClaims;
      } catch {
        // auth-js throws (rather than returning an error) when the cookie's token is not valid
        // base64url, UTF-8 or JSON: a garbled cookie means "signed out", not a 500 on every page.
        return null;
      }
    },
    async signOut(cookies) {
      const supabase = supabaseServerClient(cookies);
      const { error } = await supabase.auth.signOut();
      // A global sign-out that Auth could not confirm (outage) keeps the session; still sign out here.
      if (error) await supabase.auth.signOut({ scope: 'local' });
    }
  };
}
