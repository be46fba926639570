import { error } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { exportByToken } from '#server/registration/index.ts';
import { PRIVATE_HEADERS } from '#server/registration-session/manage.ts';
import type { RequestHandler } from './$types';

/** GDPR export: every personal datum behind the link, as a JSON download. */
export const GET: RequestHandler = async ({ params }) => {
  const data = await exportByToken(params.token);
  if (!data) error(404, m.error_not_found());
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      ...PRIVATE_HEADERS,
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': 'attachment; filename="my-registration.json"'
    }
  });
};
