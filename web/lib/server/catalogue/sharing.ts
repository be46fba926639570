/** Calendar and share links for a landing page, texts in the page language. */
import { pickText, type Locale } from '../../i18n/text.ts';
import { formatDateTime } from '../../format.ts';
import { googleCalendarUrl, outlookCalendarUrl, type CalendarEvent } from './calendar.ts';
import type { LandingPage } from './landing.ts';

/** The event as calendars get it: title, a short description naming speakers and the session zone. */
export function calendarEvent(page: LandingPage, locale: Locale, url: string, version = 1): CalendarEvent {
  const s = page.session;
  const speakers = page.speakers.map((p) => `${p.first_name} ${p.last_name}`).join(', ');
  const description = [
    pickText(s.description, locale).text,
    speakers,
    `${formatDateTime(s.starts_at, s.timezone, locale)} (${s.timezone})`
  ]
    .filter(Boolean)
    .join('\n\n');
  return {
    sessionId: s.id,
    title: pickText(s.title, locale).text,
    description,
    startsAt: new Date(s.starts_at),
    endsAt: new Date(s.ends_at),
    timeZone: s.timezone,
    url,
    sequence: version
  };
}

export function calendarLinks(event: CalendarEvent) {
  return { google: googleCalendarUrl(event), outlook: outlookCalendarUrl(event) };
}

/** LinkedIn takes only the URL (it reads Open Graph tags); X takes prepared text plus the URL. */
export function shareLinks(url: string, text: string) {
  return {
    linkedin: `https://www.linkedin.com/sharing/share-offsite/?${new URLSearchParams({ url })}`,
    x: `https://x.com/intent/post?${new URLSearchParams({ text, url })}`
  };
}
