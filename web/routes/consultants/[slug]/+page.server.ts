import { error } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { getConsultantPage } from '#server/catalogue/consultant-page.ts';
import { chosenZone } from '#server/catalogue/viewer.ts';
import { withRls } from '#server/db/index.ts';
import type { PageServerLoad } from './$types';
import { isSlug } from '#lib/slug.ts';

export const load: PageServerLoad = async ({ locals, params, cookies }) => {
  if (!isSlug(params.slug)) error(404, { message: m.error_not_found() });
  const page = await withRls(locals.claims, (tx) => getConsultantPage(tx, params.slug));
  if (!page) error(404, { message: m.error_not_found() });
  return { ...page, viewerZone: chosenZone(cookies) };
};
