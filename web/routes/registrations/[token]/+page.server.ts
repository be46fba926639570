import { error } from '@sveltejs/kit';
import { fail, message, superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { m } from '#lib/paraglide/messages.js';
import { registrationUpdateSchema, toRegistrationUpdate, updateFormFromRegistration } from '#lib/schemas/registration.ts';
import { updateByToken } from '#server/registration/index.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent }) => {
  const { registration } = await parent();
  const current = updateFormFromRegistration(registration.attendee, registration.consents);
  return { form: await superValidate(current, valibot(registrationUpdateSchema()), { errors: false }) };
};

export const actions: Actions = {
  update: async ({ request, params }) => {
    const form = await superValidate(await request.formData(), valibot(registrationUpdateSchema()));
    if (!form.valid) return fail(400, { form });
    const result = await updateByToken(params.token, toRegistrationUpdate(form.data));
    if (result.kind === 'updated') return message(form, m.manage_updated());
    if (result.reason === 'not_found') error(404, m.error_not_found());
    if (result.reason === 'cancelled') return message(form, m.manage_refused_cancelled(), { status: 409 });
    return message(form, m.register_refused_invalid_input(), { status: 400 });
  }
};
