import { error } from '@sveltejs/kit';
import { parseSessionFilters } from '#lib/schemas/session-list.ts';
import { listSessions } from '#server/sessions-admin/index.ts';
import type { PageServerLoad } from './$types';

// The hooks guard limits /admin to role admin; RLS enforces it again for every query.
export const load: PageServerLoad = async ({ locals, url }) => {
  const parsed = parseSessionFilters(url.searchParams);
  if (!parsed.ok) error(400, { message: parsed.errors.join('\n') });
  const list = await listSessions(locals.claims, parsed.filters);
  return { ...list, filters: parsed.filters };
};
