import { error } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { ownSessionRegistrations } from '#server/consultant-portal/index.ts';
import type { PageServerLoad } from './$types';

// Another consultant's session looks exactly like a missing one: RLS and the view return nothing.
export const load: PageServerLoad = async ({ locals, params }) => {
  const result = await ownSessionRegistrations(locals.claims!, params.id);
  if (!result) error(404, m.error_not_found());
  return result;
};
