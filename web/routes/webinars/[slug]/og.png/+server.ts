import { error } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { getLocale } from '#lib/paraglide/runtime.js';
import { formatDateTime, zoneLabel } from '#lib/format.ts';
import { pickText } from '#lib/i18n/text.ts';
import { isSlug } from '#lib/slug.ts';
import { onStage, speakerName } from '#lib/speakers.ts';
import { getLandingPage } from '#server/catalogue/landing.ts';
import { ogImageResponse, type OgImageInput } from '#server/catalogue/og-image.ts';
import { withRls } from '#server/db/index.ts';
import type { RequestHandler } from './$types';

/**
 * The session's Open Graph image (1200×630 PNG) for link previews; `/de/webinars/<slug>/og.png` draws
 * the German texts. Same visibility as the landing page: unknown and unpublished sessions are 404.
 */
export const GET: RequestHandler = async ({ locals, params, request }) => {
  if (!isSlug(params.slug)) error(404, { message: m.error_not_found() });
  const page = await withRls(locals.claims, (tx) => getLandingPage(tx, params.slug));
  if (!page) error(404, { message: m.error_not_found() });
  const locale = getLocale();
  const s = page.session;
  const input: OgImageInput = {
    title: pickText(s.title, locale).text,
    when: formatDateTime(s.starts_at, s.timezone, locale),
    zone: zoneLabel(s.timezone),
    speakers: onStage(s.speakers).map(speakerName),
    category: s.category,
    brand: m.site_name()
  };
  return ogImageResponse(request, input, {
    // Crawlers fetch this anonymously; what a signed-in visitor sees is never stored in shared caches.
    'cache-control': locals.claims ? 'private, max-age=300' : 'public, max-age=3600, stale-while-revalidate=3600',
    vary: 'Cookie'
  });
};
