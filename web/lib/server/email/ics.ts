/**
 * The calendar invitation for one registration (RFC 5545 + iTIP/RFC 5546). Used by the registration
 * emails and by the manage page's "download the invite again", so both hand out the same event.
 *
 * - UID is stable per registration, so a later update or cancellation replaces the event in the
 *   attendee's calendar instead of adding a second one.
 * - SEQUENCE follows the session's `version` (bumped on every edit), so clients accept an updated
 *   invite after a reschedule; a CANCEL uses version + 1 because some clients (Outlook) ignore a
 *   cancellation whose sequence is not above the request they hold.
 * - Times are written in the session's own zone (`DTSTART;TZID=…` plus its VTIMEZONE, see
 *   ../calendar/vtimezone.ts): clients still place the event at the right instant in the viewer's
 *   zone, and show the session's zone on it.
 */
import { createEvent, type EventAttributes } from 'ics';
import { withSessionTimeZone } from '../calendar/vtimezone.ts';
import { EMAIL_STRINGS, formatEmailDate, formatEmailTimeRange } from '../../../../emails/i18n.ts';
import { config } from '../config.ts';
import { landingUrl, type RegistrationEmailData } from './data.ts';

export type IcsMethod = 'REQUEST' | 'CANCEL';

export interface IcsInput {
  registrationId: string;
  method: IcsMethod;
  /** The session's `version`. */
  sequence: number;
  title: string;
  description: string;
  startsAt: Date;
  endsAt: Date;
  /** The session's IANA zone; the invite states its times in it. */
  timeZone: string;
  landingUrl: string;
  organizer: { name: string; email: string };
  attendee: { name: string; email: string };
}

/** `registration-<id>@magnetiq`: one event per registration, never reused across registrations. */
export function registrationEventUid(registrationId: string): string {
  return `registration-${registrationId}@magnetiq`;
}

/** The .ics text; throws if the library refuses the input (a bug, not a user error). */
export function buildRegistrationIcs(input: IcsInput): string {
  const event: EventAttributes = {
    uid: registrationEventUid(input.registrationId),
    method: input.method,
    productId: 'magnetiq/webinars',
    sequence: input.method === 'CANCEL' ? input.sequence + 1 : input.sequence,
    status: input.method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED',
    title: input.title,
    description: input.description,
    url: input.landingUrl,
    location: input.landingUrl,
    start: input.startsAt.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: input.endsAt.getTime(),
    endInputType: 'utc',
    endOutputType: 'utc',
    organizer: { name: input.organizer.name, email: input.organizer.email },
    attendees: [
      {
        name: input.attendee.name,
        email: input.attendee.email,
        rsvp: false,
        partstat: input.method === 'CANCEL' ? 'DECLINED' : 'ACCEPTED',
        role: 'REQ-PARTICIPANT'
      }
    ],
    busyStatus: 'BUSY'
  };
  const { error, value } = createEvent(event);
  if (error || !value) throw new Error(`Could not build the calendar invite: ${error?.message ?? 'empty result'}`);
  return withSessionTimeZone(value, input);
}

/**
 * The invite for a loaded registration, described in the attendee's language. The description
 * deliberately leaves out the manage link: calendar entries get shared and synced to other devices.
 */
export function registrationInvite(data: RegistrationEmailData, method: IcsMethod): string {
  const t = EMAIL_STRINGS[data.language];
  const { session } = data;
  const lines = [
    session.title,
    `${t.date}: ${formatEmailDate(session.startsAt.toISOString(), session.timeZone, data.language)}`,
    `${t.time}: ${formatEmailTimeRange(session.startsAt.toISOString(), session.endsAt.toISOString(), session.timeZone, data.language)}`
  ];
  if (data.speakers.length > 0) lines.push('', `${t.speakers}: ${data.speakers.map((s) => s.name).join(', ')}`);
  lines.push('', `${t.viewSession}: ${landingUrl(data)}`);
  const mailFrom = config().MAIL_FROM;
  return buildRegistrationIcs({
    registrationId: data.registrationId,
    method,
    sequence: session.version,
    title: session.title,
    description: lines.join('\n'),
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    timeZone: session.timeZone,
    landingUrl: landingUrl(data),
    organizer: { name: t.brand, email: mailFrom },
    attendee: { name: `${data.firstName} ${data.lastName}`, email: data.email }
  });
}
