import { error, fail, redirect } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { m } from '#lib/paraglide/messages.js';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { invitationSchema } from '#lib/schemas/invitation.ts';
import { config } from '#server/config.ts';
import { acceptSupabaseInvitation } from '#server/auth/supabase-invitations.ts';
import type { Actions, PageServerLoad } from './$types';

// Supabase Auth's invitation email links here: ?token_hash=…&type=invite (the email template must be
// set up so, see docs/CONSULTANTS-ADMIN.md). Opening the page spends nothing (mail scanners prefetch
// links); the token is verified only when the password is submitted.
const linkOf = (url: URL) => ({
  tokenHash: url.searchParams.get('token_hash') ?? '',
  ok: url.searchParams.get('type') === 'invite' && !!url.searchParams.get('token_hash')
});

export const load: PageServerLoad = async ({ url, setHeaders }) => {
  if (config().AUTH_PROVIDER !== 'supabase') error(404, m.error_not_found());
  setHeaders({ 'cache-control': 'no-store', 'referrer-policy': 'same-origin' });
  return { state: linkOf(url).ok ? 'valid' : 'invalid', form: await superValidate(valibot(invitationSchema())) };
};

export const actions: Actions = {
  default: async ({ url, request, cookies }) => {
    if (config().AUTH_PROVIDER !== 'supabase') error(404, m.error_not_found());
    const form = await superValidate(await request.formData(), valibot(invitationSchema()));
    const password = form.data.password;
    form.data.password = '';
    form.data.confirm = '';
    if (!form.valid) return fail(400, { form });
    const outcome = await acceptSupabaseInvitation(cookies, linkOf(url).tokenHash, password);
    if (outcome.kind === 'accepted') redirect(303, localizeHref('/consultant'));
    if (outcome.kind === 'unavailable') return fail(503, { form, actionError: m.invite_error_unavailable() });
    if (outcome.kind === 'password_rejected') return fail(422, { form, actionError: m.invite_error_password_rejected() });
    return fail(410, { form, state: outcome.kind });
  }
};
