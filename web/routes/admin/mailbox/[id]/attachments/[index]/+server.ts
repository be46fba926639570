import { error } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { withRls } from '#server/db/index.ts';
import { attachmentBytes, getMailboxMessage, UUID_PATTERN } from '#server/email/mailbox.ts';
import type { RequestHandler } from './$types';

// Admin-only like the rest of /admin (hooks guard), and RLS returns nothing to anyone else.
export const GET: RequestHandler = async ({ locals, params }) => {
  if (!UUID_PATTERN.test(params.id) || !/^\d{1,3}$/.test(params.index)) error(404, { message: m.error_not_found() });
  const message = await withRls(locals.claims, (tx) => getMailboxMessage(tx, params.id));
  const attachment = message?.attachments[Number(params.index)];
  if (!attachment) error(404, { message: m.error_not_found() });
  // Only safe characters in the header; the name comes from our own composer but is still data.
  const filename = attachment.filename.replace(/[^A-Za-z0-9._-]/g, '_') || 'attachment';
  return new Response(new Uint8Array(attachmentBytes(attachment)), {
    headers: {
      'content-type': attachment.content_type,
      'content-disposition': `attachment; filename="${filename}"`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store'
    }
  });
};
