import { error } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { config } from '#server/config.ts';
import { withRls } from '#server/db/index.ts';
import { getMailboxMessage, mailboxTimeZone, UUID_PATTERN } from '#server/email/mailbox.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
  if (!UUID_PATTERN.test(params.id)) error(404, { message: m.error_not_found() });
  const { message, zone } = await withRls(locals.claims, async (tx) => ({
    message: await getMailboxMessage(tx, params.id),
    zone: await mailboxTimeZone(tx)
  }));
  if (!message) error(404, { message: m.error_not_found() });
  // The attachment bodies stay on the server; the page lists names and links to the download route.
  const attachments = message.attachments.map((a, index) => ({ index, filename: a.filename, content_type: a.content_type }));
  return { message: { ...message, attachments }, zone, from: config().MAIL_FROM };
};
