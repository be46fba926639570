/**
 * Puts an event's start and end into the session's own time zone: `DTSTART;TZID=Europe/Berlin:…`
 * plus the matching VTIMEZONE (with its DST rules), so Outlook, Apple Calendar and Google show the
 * session's zone next to the time. Shared by the public "Add to calendar" file and the registration
 * invites, both built with npm `ics`, which only writes UTC or floating times.
 *
 * - The VTIMEZONE text comes from `timezones-ical-library` (IANA data compiled with vzic), never
 *   from hand-written rules. Links resolve to their canonical TZID (`UTC` → `Etc/UTC`,
 *   `Asia/Calcutta` → `Asia/Kolkata`).
 * - The wall time is computed with Intl (`isoWithOffset`, as for the structured data), and is used
 *   only if the library's rules give the same UTC offset at that wall time, i.e. a calendar client
 *   reading the file lands on the same instant. When they do not (a wall time that occurs twice,
 *   such as 02:30 on the night clocks go back, or a zone the library does not know), the file keeps
 *   its exact UTC times: correct everywhere, only without the zone label.
 */
import { tzlib_get_ical_block, tzlib_get_offset, tzlib_get_timezones } from 'timezones-ical-library';
import { isoWithOffset } from '../catalogue/seo.ts';

export interface ZonedTimes {
  startsAt: Date;
  endsAt: Date;
  /** The session's IANA zone, e.g. `Europe/Berlin`. */
  timeZone: string;
}

let knownZones: Set<string> | undefined;
const blocks = new Map<string, { vtimezone: string; tzid: string } | null>();

/** The library's VTIMEZONE block and canonical TZID for a zone, or null if it does not know it. */
function zoneBlock(timeZone: string): { vtimezone: string; tzid: string } | null {
  const cached = blocks.get(timeZone);
  if (cached !== undefined) return cached;
  knownZones ??= new Set(tzlib_get_timezones(false) as string[]);
  let result: { vtimezone: string; tzid: string } | null = null;
  if (knownZones.has(timeZone)) {
    const block = tzlib_get_ical_block(timeZone, false);
    if (Array.isArray(block) && block.length === 2 && block[1].startsWith('TZID=')) {
      result = { vtimezone: block[0].replace(/\r?\n/g, '\r\n'), tzid: block[1].slice('TZID='.length) };
    }
  }
  blocks.set(timeZone, result);
  return result;
}

/** "20261201T100000" in the zone, or null if the library's rules would read it as another instant. */
function wallTime(instant: Date, timeZone: string): string | null {
  const iso = isoWithOffset(instant, timeZone); // 2026-12-01T10:00:00+01:00
  const date = iso.slice(0, 10);
  const time = iso.slice(11, 16);
  const offset = iso.slice(19).replace(':', '');
  if (tzlib_get_offset(timeZone, date, time) !== offset) return null;
  return iso.slice(0, 19).replace(/[-:]/g, '');
}

/** `ics`'s form-2 value for an instant: "20261201T090000Z". */
const utcValue = (instant: Date) =>
  instant
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** `text` with the one occurrence of `from` replaced, or null when it does not occur exactly once. */
function replaceOnce(text: string | null, from: string, to: string): string | null {
  if (text === null) return null;
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) return null;
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/**
 * Rewrites the UTC `DTSTART`/`DTEND` that `ics` wrote (`startOutputType: 'utc'`) into the session's
 * zone and adds its VTIMEZONE before the event. Everything else in the file stays as `ics` made it.
 * Should a future `ics` write these lines differently, the file keeps its exact UTC times rather than
 * failing (an invite email would otherwise fail on every retry).
 */
export function withSessionTimeZone(ics: string, times: ZonedTimes): string {
  const zone = zoneBlock(times.timeZone);
  if (!zone) return ics;
  const start = wallTime(times.startsAt, times.timeZone);
  const end = wallTime(times.endsAt, times.timeZone);
  if (!start || !end) return ics;
  let out = replaceOnce(ics, `\r\nDTSTART:${utcValue(times.startsAt)}\r\n`, `\r\nDTSTART;TZID=${zone.tzid}:${start}\r\n`);
  out = replaceOnce(out, `\r\nDTEND:${utcValue(times.endsAt)}\r\n`, `\r\nDTEND;TZID=${zone.tzid}:${end}\r\n`);
  out = replaceOnce(out, '\r\nBEGIN:VEVENT\r\n', `\r\n${zone.vtimezone}\r\nBEGIN:VEVENT\r\n`);
  return out ?? ics;
}
