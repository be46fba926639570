/** Reading and storing the visitor's chosen time zone (cookie `tz`, set by the picker). */
import type { Cookies } from '@sveltejs/kit';
import { isKnownZone, ZONE_COOKIE } from './timeframe.ts';

/** The picked zone, or null when the visitor has not picked one (the browser then uses its own). */
export function chosenZone(cookies: Cookies): string | null {
  const zone = cookies.get(ZONE_COOKIE);
  return isKnownZone(zone) ? zone : null;
}

/** Stores (or, for an empty/unknown value, clears) the choice for a year. */
export function storeZone(cookies: Cookies, zone: string, secure: boolean) {
  if (isKnownZone(zone))
    cookies.set(ZONE_COOKIE, zone, { path: '/', maxAge: 365 * 24 * 3600, sameSite: 'lax', httpOnly: true, secure });
  else cookies.delete(ZONE_COOKIE, { path: '/' });
}

/** A same-site path to go back to after the picker; anything else falls back to the list. */
export function safeReturnPath(value: FormDataEntryValue | null): string {
  const text = typeof value === 'string' ? value : '';
  return /^\/(?![/\\])/.test(text) && text.length <= 2048 ? text : '/webinars';
}
