import { error, redirect } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { getLocale, localizeHref } from '#lib/paraglide/runtime.js';
import { pickText } from '#lib/i18n/text.ts';
import { calendarEvent, calendarLinks, shareLinks } from '#server/catalogue/sharing.ts';
import { currentRegistrationSession } from '#server/registration-session/index.ts';
import { sessionBySlug } from '#server/registration-session/sessions.ts';
import { sessionSummary } from '#server/registration-session/summary.ts';
import { statusText } from '#server/registration-session/text.ts';
import type { PageServerLoad } from './$types';

/**
 * The thank-you page. What happened comes from the registration-session cookie, never from the URL,
 * so the address can be shared or bookmarked without revealing anything about the attendee.
 */
export const load: PageServerLoad = async ({ locals, params, cookies, url, setHeaders }) => {
  const saved = await currentRegistrationSession(cookies);
  const outcome = saved?.outcomes.findLast((o) => o.slug === params.slug && o.kind !== 'refused');
  if (!outcome) redirect(303, localizeHref(`/webinars/${params.slug}/register`));
  const page = await sessionBySlug(locals.claims, params.slug);
  if (!page) error(404, m.error_not_found());
  setHeaders({ 'cache-control': 'private, no-store' });

  const locale = getLocale();
  const summary = sessionSummary(page, locale);
  const pageUrl = url.origin + localizeHref(`/webinars/${params.slug}`);
  const others = [...(page.related.consultant?.sessions ?? []), ...page.related.category].filter(
    (r) => r.state === 'open' || r.state === 'full-waitlist'
  );
  return {
    outcome: { ...outcome, statusText: outcome.status ? statusText(outcome.status) : '' },
    session: summary,
    prerequisites: pickText(page.session.prerequisites, locale).text,
    calendar: {
      ...calendarLinks(calendarEvent(page, locale, pageUrl, page.session.version)),
      ics: localizeHref(`/webinars/${params.slug}/calendar.ics`)
    },
    share: shareLinks(
      pageUrl,
      m.register_share_text({ title: summary.title, speakers: summary.speakers.map((s) => s.name).join(', ') })
    ),
    others: others
      .slice(0, 4)
      .map((r) => ({ slug: r.slug, title: pickText(r.title, locale).text, startsAt: r.starts_at, zone: r.timezone }))
  };
};
