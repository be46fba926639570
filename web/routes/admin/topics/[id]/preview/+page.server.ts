import { error } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { withRls } from '#server/db/index.ts';
import { isUuid } from '#server/registration/errors.ts';
import { getTopicPreview } from '#server/topics/index.ts';
import type { PageServerLoad } from './$types';

// The saved topic in the language asked for (?lang=de), as a session page would show its texts.
export const load: PageServerLoad = async ({ locals, params, url }) => {
  if (!isUuid(params.id)) error(404, { message: m.admintopic_error_not_found() });
  const lang = url.searchParams.get('lang') === 'de' ? 'de' : 'en';
  const preview = await withRls(locals.claims, (tx) => getTopicPreview(tx, params.id, lang));
  if (!preview) error(404, { message: m.admintopic_error_not_found() });
  return { preview };
};
