import { error } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { getLocale, localizeHref } from '#lib/paraglide/runtime.js';
import { formatDateTime } from '#lib/format.ts';
import { pickText } from '#lib/i18n/text.ts';
import { isSlug } from '#lib/slug.ts';
import { getLandingPage } from '#server/catalogue/landing.ts';
import { recordPageView } from '#server/catalogue/page-views.ts';
import { eventJsonLd, jsonLdScript } from '#server/catalogue/seo.ts';
import { calendarEvent, calendarLinks, shareLinks } from '#server/catalogue/sharing.ts';
import { ALL_ZONES_PARAM, pickerZones } from '#server/catalogue/timeframe.ts';
import { chosenZone } from '#server/catalogue/viewer.ts';
import { config } from '#server/config.ts';
import { withRls } from '#server/db/index.ts';
import { richTextToHtml, toPlainText } from '#server/rich-text.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url, request, cookies, getClientAddress }) => {
  // Slugs are lowercase words and digits; anything else cannot exist, so skip the query.
  if (!isSlug(params.slug)) error(404, { message: m.error_not_found() });
  const locale = getLocale();
  const page = await withRls(locals.claims, async (tx) => {
    const found = await getLandingPage(tx, params.slug);
    if (found && request.method === 'GET') {
      await recordPageView(tx, {
        sessionId: found.session.id,
        path: url.pathname,
        ip: getClientAddress(),
        userAgent: request.headers.get('user-agent'),
        referrer: request.headers.get('referer'),
        url,
        language: locale,
        purpose: request.headers.get('sec-purpose') ?? request.headers.get('purpose'),
        secret: config().jwtSecret
      });
    }
    return found;
  });
  if (!page) error(404, { message: m.error_not_found() });

  const pageUrl = url.origin + localizeHref(`/webinars/${params.slug}`);
  const s = page.session;
  const title = pickText(s.title, locale).text;
  const picked = pickText(s.description, locale);
  // Descriptions may be rich text (sanitised on save, and again here); meta tags and JSON-LD get the words only.
  const description = toPlainText(picked.text);
  const event = calendarEvent(page, locale, pageUrl, page.session.version);
  const speakers = page.speakers.filter((p) => p.role !== 'moderator').map((p) => `${p.first_name} ${p.last_name}`);
  const shareText = m.catalogue_share_text({
    title,
    speakers: speakers.join(', '),
    date: formatDateTime(s.starts_at, s.timezone, locale)
  });
  const jsonLd = eventJsonLd({
    page,
    title,
    description,
    url: pageUrl,
    // The generated 1200×630 card (og.png), a PNG every consumer reads; an uploaded promotional image wins.
    imageUrl: new URL(s.image_url ?? localizeHref(`/webinars/${params.slug}/og.png`), url.origin).href,
    organizerName: m.site_name(),
    organizerUrl: url.origin + localizeHref('/webinars'),
    inLanguage: s.language
  });
  const viewerZone = chosenZone(cookies);
  return {
    ...page,
    viewerZone,
    zones: pickerZones(viewerZone, url.searchParams.has(ALL_ZONES_PARAM)),
    calendar: calendarLinks(event),
    share: shareLinks(pageUrl, shareText),
    jsonLd: jsonLdScript(jsonLd),
    description: { html: richTextToHtml(picked.text), plain: description, lang: picked.fallback ? picked.lang : null }
  };
};
