/**
 * "Add to calendar" for a session: an .ics file and Google/Outlook links. Times are UTC instants
 * (RFC 5545 form 2, "Z"): every calendar shows them in its owner's zone, and a DST change between
 * now and the session cannot shift them. The session's own zone is named in the description.
 */
import { createEvent } from 'ics';

export interface CalendarEvent {
  sessionId: string;
  title: string;
  description: string;
  startsAt: Date;
  endsAt: Date;
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
  return value;
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
