/**
 * What the manage-my-registration pages need beyond the engine's token functions: the calendar
 * invite again (the same event the emails carry) and the headers that keep the token private.
 */
import { asServiceRole } from '../db/index.ts';
import { loadRegistrationEmailData } from '../email/data.ts';
import { registrationInvite } from '../email/ics.ts';
import { registrationByToken } from '../registration/manage.ts';

/** Statuses whose emails carry the invite; a waitlisted or pending attendee has no seat yet. */
export const SEAT_HOLDING: readonly string[] = ['confirmed', 'attended', 'no_show'];

/**
 * The token is the only credential: no caching anywhere, and no Referer to other sites. Not
 * `no-referrer`: under that policy browsers send `Origin: null` with form posts, which SvelteKit's
 * CSRF check rightly refuses, so cancelling without JavaScript would break. `same-origin` sends
 * nothing to other sites, which is what keeps the token private.
 */
export const PRIVATE_HEADERS = { 'cache-control': 'no-store', 'referrer-policy': 'same-origin' } as const;

/** The .ics for the registration behind the token, or null unless it holds a seat (as the emails attach it). */
export async function inviteByToken(token: string): Promise<{ ics: string; slug: string } | null> {
  // The token is checked by the engine first (hash lookup); only then is the registration read.
  const registration = await registrationByToken(token);
  if (!registration || !SEAT_HOLDING.includes(registration.status)) return null;
  const data = await asServiceRole('manage page: invite for the registration the link holder proved access to', (tx) =>
    loadRegistrationEmailData(tx, registration.id)
  );
  if (!data || data.erased) return null;
  return { ics: registrationInvite(data, 'REQUEST'), slug: data.session.slug };
}
