import { error } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { getLocale } from '#lib/paraglide/runtime.js';
import { formatDateTime } from '#lib/format.ts';
import { pickText } from '#lib/i18n/text.ts';
import { registrationByToken } from '#server/registration/index.ts';
import { PRIVATE_HEADERS, SEAT_HOLDING } from '#server/registration-session/manage.ts';
import { statusText } from '#server/registration-session/text.ts';
import type { LayoutServerLoad } from './$types';

/** Every manage page: the registration behind the link (404 for anything else), never cached. */
export const load: LayoutServerLoad = async ({ params, setHeaders }) => {
  setHeaders(PRIVATE_HEADERS);
  const registration = await registrationByToken(params.token);
  if (!registration) error(404, m.error_not_found());
  const s = registration.session;
  return {
    registration,
    summary: {
      title: pickText(s.title, getLocale()).text,
      when: formatDateTime(s.starts_at, s.timezone, getLocale()),
      zone: s.timezone,
      slug: s.slug,
      statusText: statusText(registration.status),
      cancelled: registration.status === 'cancelled',
      hasInvite: SEAT_HOLDING.includes(registration.status)
    }
  };
};
