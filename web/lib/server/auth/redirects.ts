import type { AppRole } from './types.ts';

/** Where a user lands after signing in when no `next` was asked for. */
export function homeFor(role: AppRole | null): string {
  return role === 'admin' ? '/admin' : role === 'consultant' ? '/consultant' : '/webinars';
}

/** Accepts only same-site relative paths, so `next` cannot send users to another site. */
export function safeNext(next: string | null): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return null;
  return next;
}
