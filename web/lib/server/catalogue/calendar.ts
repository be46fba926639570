/**
 * "Add to calendar" for a session: an .ics file and Google/Outlook links. The file gives start and
 * end in the session's own zone (`DTSTART;TZID=Europe/Berlin:…` with its VTIMEZONE, see
 * ../calendar/vtimezone.ts), so calendars label the session's zone; the session's zone is also named
 * in the description. The links carry UTC instants.
 */
import { createEvent } from 'ics';
import { withSessionTimeZone } from '../calendar/vtimezone.ts';

export interface CalendarEvent {
  sessionId: string;
  title: string;
  description: string;
  startsAt: Date;
  endsAt: Date;
  /** The session's IANA zone; the .ics states its times in it. */
  timeZone: string;
  url: string;
  /** Bumped with every edit so clients replace an imported copy. */
  sequence: number;
}

/** One UID per session: importing the file twice updates the entry instead of duplicating it. */
export const sessionEventUid = (sessionId: string) => `session-${sessionId}@magnetiq-webinars`;

export function buildSessionIcs(event: CalendarEvent): string {
  const { error, value } = createEvent({
    uid: sessionEventUid(event.sessionId),
    productId: 'magnetiq/webinars',
    method: 'PUBLISH',
    sequence: event.sequence,
    title: event.title,
    description: event.description,
    url: event.url,
    location: event.url,
    start: event.startsAt.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: event.endsAt.getTime(),
    endInputType: 'utc',
    endOutputType: 'utc',
    status: 'CONFIRMED',
    busyStatus: 'BUSY'
  });
  if (error || !value) throw new Error(`Could not build the calendar file: ${error?.message ?? 'empty result'}`);
  return withSessionTimeZone(value, event);
}

const compactUtc = (date: Date) =>
  date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** Google Calendar's event template link. */
export function googleCalendarUrl(event: CalendarEvent): string {
  const params = new URLSearchParams({
    action: 'TEMPLATE',
    text: event.title,
    dates: `${compactUtc(event.startsAt)}/${compactUtc(event.endsAt)}`,
    details: `${event.description}\n\n${event.url}`,
    location: event.url
  });
  return `https://calendar.google.com/calendar/render?${params}`;
}

/** Outlook.com's compose-event deep link. */
export function outlookCalendarUrl(event: CalendarEvent): string {
  const params = new URLSearchParams({
    path: '/calendar/action/compose',
    rru: 'addevent',
    subject: event.title,
    startdt: event.startsAt.toISOString(),
    enddt: event.endsAt.toISOString(),
    body: `${event.description}\n\n${event.url}`,
    location: event.url
  });
  return `https://outlook.live.com/calendar/0/action/compose?${params}`;
}
