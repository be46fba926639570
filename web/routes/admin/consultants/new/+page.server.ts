import { redirect } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { consultantAdminSchema, newConsultantForm, type ConsultantAdminForm } from '#lib/schemas/consultant-admin.ts';
import { createConsultant } from '#server/consultants-admin/index.ts';
import { failInvalid, failSave, type FormMessage } from '../save-result.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async () => ({
  form: await superValidate<ConsultantAdminForm, FormMessage>(newConsultantForm(), valibot(consultantAdminSchema()), {
    errors: false
  })
});

export const actions: Actions = {
  // The service refuses anyone but an admin (and RLS would again), whatever reaches this action.
  save: async ({ locals, request }) => {
    const form = await superValidate<ConsultantAdminForm, FormMessage>(
      await request.formData(),
      valibot(consultantAdminSchema())
    );
    if (!form.valid) return failInvalid(form);
    const outcome = await createConsultant(locals.claims, form.data);
    if (outcome.kind !== 'saved') return failSave(form, outcome);
    redirect(303, localizeHref(`/admin/consultants/${outcome.id}?created=1`));
  }
};
