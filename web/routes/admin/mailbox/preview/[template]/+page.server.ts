import { error } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { isPreviewTemplate, renderPreview } from '#server/email/preview.ts';
import type { PageServerLoad } from './$types';

// Renders a template with sample props; no database access, but still admin-only (hooks guard).
export const load: PageServerLoad = async ({ params, url }) => {
  if (!isPreviewTemplate(params.template)) error(404, { message: m.error_not_found() });
  const lang = url.searchParams.get('lang') === 'de' ? 'de' : 'en';
  const rendered = await renderPreview(params.template, lang);
  return { template: params.template, lang, ...rendered };
};
