import { config } from '../config.ts';
import { createLocalAuth } from './local.ts';
import { createSupabaseAuth } from './supabase.ts';
import type { AuthAdapter } from './types.ts';

export { appRole, type AppRole, type AuthAdapter } from './types.ts';

let adapter: AuthAdapter | undefined;

/** The configured identity provider (AUTH_PROVIDER=local|supabase). */
export function auth(): AuthAdapter {
  adapter ??= config().AUTH_PROVIDER === 'supabase' ? createSupabaseAuth() : createLocalAuth();
  return adapter;
}
