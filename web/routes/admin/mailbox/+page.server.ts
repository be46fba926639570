import { error, fail } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { config } from '#server/config.ts';
import { withRls } from '#server/db/index.ts';
import { listMailbox, MAILBOX_PAGE_SIZE, mailboxTimeZone } from '#server/email/mailbox.ts';
import { PREVIEW_TEMPLATES } from '#server/email/preview.ts';
import { sendTestEmail } from '#server/email/test-message.ts';
import { getLocale } from '#lib/paraglide/runtime.js';
import type { Actions, PageServerLoad } from './$types';

// The hooks guard limits /admin to role admin; RLS lets only admins read the outbox.
export const load: PageServerLoad = async ({ locals, url }) => {
  const raw = url.searchParams.get('page') ?? '1';
  if (!/^[1-9]\d{0,5}$/.test(raw)) error(404, { message: m.error_not_found() });
  const page = Number(raw);
  const { items, total, zone } = await withRls(locals.claims, async (tx) => ({
    ...(await listMailbox(tx, page)),
    zone: await mailboxTimeZone(tx)
  }));
  const pages = Math.max(1, Math.ceil(total / MAILBOX_PAGE_SIZE));
  if (page > pages) error(404, { message: m.error_not_found() });
  return { items, total, zone, page, pages, local: !config().SMTP_URL, templates: [...PREVIEW_TEMPLATES] };
};

export const actions: Actions = {
  // Sends the sample confirmation to the signed-in admin through the real outbox and delivery path.
  test: async ({ locals }) => {
    const email = locals.claims?.email;
    if (!email) error(403, { message: m.error_forbidden() });
    const { result } = await sendTestEmail(email, getLocale() === 'de' ? 'de' : 'en');
    if (result.outcome !== 'sent')
      return fail(502, { testEmail: email, testError: 'error' in result ? result.error : result.outcome });
    return { testEmail: email };
  }
};
