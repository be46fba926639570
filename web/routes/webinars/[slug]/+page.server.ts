import { error } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { withRls } from '#server/db/index.ts';
import { getPublicSession } from '#server/sessions/queries.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
  // Slugs are lowercase words and digits; anything else cannot exist, so skip the query.
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(params.slug) || params.slug.length > 200) error(404, { message: m.error_not_found() });
  const session = await withRls(locals.claims, (tx) => getPublicSession(tx, params.slug));
  if (!session) error(404, { message: m.error_not_found() });
  return { session };
};
