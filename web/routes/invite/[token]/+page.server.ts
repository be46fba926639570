import { fail, redirect } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { invitationSchema } from '#lib/schemas/invitation.ts';
import { acceptInvitation, invitationState } from '#server/auth/invitations.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, setHeaders }) => {
  // The token is a credential: keep it out of caches and out of Referer headers to other sites
  // (same-origin, not no-referrer: that would send "Origin: null" and fail the CSRF check).
  setHeaders({ 'cache-control': 'no-store', 'referrer-policy': 'same-origin' });
  const { state, email } = await invitationState(params.token);
  return { state, email, form: await superValidate(valibot(invitationSchema())) };
};

export const actions: Actions = {
  default: async ({ params, request, cookies }) => {
    const form = await superValidate(await request.formData(), valibot(invitationSchema()));
    const password = form.data.password;
    // Never echo passwords back into the page.
    form.data.password = '';
    form.data.confirm = '';
    if (!form.valid) return fail(400, { form });
    const outcome = await acceptInvitation(cookies, params.token, password);
    if (outcome.kind !== 'accepted') return fail(410, { form, state: outcome.kind });
    redirect(303, localizeHref('/consultant'));
  }
};
