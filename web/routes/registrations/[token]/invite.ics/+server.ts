import { error } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { inviteByToken, PRIVATE_HEADERS } from '#server/registration-session/manage.ts';
import type { RequestHandler } from './$types';

/** "Download the invite again": the same calendar event (UID, SEQUENCE) the emails carry. */
export const GET: RequestHandler = async ({ params }) => {
  const invite = await inviteByToken(params.token);
  if (!invite) error(404, m.error_not_found());
  return new Response(invite.ics, {
    headers: {
      ...PRIVATE_HEADERS,
      'content-type': 'text/calendar; charset=utf-8; method=REQUEST',
      'content-disposition': `attachment; filename="${invite.slug}.ics"`
    }
  });
};
