/** Maps a consultant save outcome onto the profile form: field errors and messages, with the right status. */
import { fail } from '@sveltejs/kit';
import { message, setError, type SuperValidated } from 'sveltekit-superforms';
import { m } from '#lib/paraglide/messages.js';
import type { ConsultantAdminForm } from '#lib/schemas/consultant-admin.ts';
import type { SaveOutcome } from '#server/consultants-admin/index.ts';

export type FormMessage = { type: 'error' | 'success'; text: string };
type Form = SuperValidated<ConsultantAdminForm, FormMessage>;

/** For every outcome but 'saved': the failure to return (the form keeps what the admin typed). */
export function failSave(form: Form, outcome: Exclude<SaveOutcome, { kind: 'saved' }>) {
  switch (outcome.kind) {
    case 'slug_taken':
      return setError(form, 'slug', m.adminconsultant_error_slug_taken({ slug: outcome.slug }), { status: 409 });
    case 'email_taken':
      return setError(form, 'email', m.adminconsultant_error_email_taken({ email: outcome.email }), { status: 409 });
    case 'stale':
      return message(
        form,
        { type: 'error', text: m.adminconsultant_error_stale({ version: outcome.currentVersion }) },
        { status: 409 }
      );
    case 'not_found':
      return message(form, { type: 'error', text: m.adminconsultant_error_not_found() }, { status: 404 });
    case 'forbidden':
      return message(form, { type: 'error', text: m.adminconsultant_error_forbidden() }, { status: 403 });
  }
}

/** The form is invalid: a summary message on top of the field errors, status 400. */
export function failInvalid(form: Form) {
  form.message = { type: 'error', text: m.adminconsultant_error_form() };
  return fail(400, { form });
}
