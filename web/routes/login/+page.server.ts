import { fail, redirect } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { m } from '#lib/paraglide/messages.js';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { signInSchema } from '#lib/schemas/sign-in.ts';
import { appRole, auth } from '#server/auth/index.ts';
import { homeFor, safeNext } from '#server/auth/redirects.ts';
import { afterSignIn, beforeSignIn } from '#server/auth/throttle.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  if (locals.claims) redirect(303, localizeHref(safeNext(url.searchParams.get('next')) ?? homeFor(locals.role)));
  return { form: await superValidate(valibot(signInSchema())) };
};

export const actions: Actions = {
  default: async ({ request, cookies, url, getClientAddress }) => {
    const form = await superValidate(await request.formData(), valibot(signInSchema()));
    const password = form.data.password;
    form.data.password = ''; // never echo a password back into the page
    if (!form.valid) return fail(400, { form });
    const throttle = await beforeSignIn(getClientAddress(), form.data.email);
    if (!throttle.allowed) {
      return message(form, m.login_too_many({ minutes: Math.max(1, Math.ceil(throttle.retryAfterSeconds / 60)) }), {
        status: 429
      });
    }
    const result = await auth().signIn(cookies, form.data.email, password);
    await afterSignIn(form.data.email, result.ok);
    if (!result.ok) return message(form, m.login_invalid(), { status: 400 });
    redirect(303, safeNext(url.searchParams.get('next')) ?? localizeHref(homeFor(appRole(result.claims))));
  }
};
