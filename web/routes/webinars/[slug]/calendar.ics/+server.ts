import { error } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { getLocale, localizeHref } from '#lib/paraglide/runtime.js';
import { buildSessionIcs } from '#server/catalogue/calendar.ts';
import { getLandingPage } from '#server/catalogue/landing.ts';
import { calendarEvent } from '#server/catalogue/sharing.ts';
import { withRls } from '#server/db/index.ts';
import type { RequestHandler } from './$types';
import { isSlug } from '#lib/slug.ts';

/** "Add to calendar": the session as an .ics file, described in the page language. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
  if (!isSlug(params.slug)) error(404, { message: m.error_not_found() });
  const page = await withRls(locals.claims, (tx) => getLandingPage(tx, params.slug));
  if (!page) error(404, { message: m.error_not_found() });
  const pageUrl = url.origin + localizeHref(`/webinars/${params.slug}`);
  const ics = buildSessionIcs(calendarEvent(page, getLocale(), pageUrl, page.session.version));
  return new Response(ics, {
    headers: {
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': `attachment; filename="${params.slug}.ics"`,
      'cache-control': 'no-store'
    }
  });
};
