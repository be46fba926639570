/** Maps a topic save outcome onto the editor form: field errors and messages, with the right status. */
import { fail } from '@sveltejs/kit';
import { message, setError, type SuperValidated } from 'sveltekit-superforms';
import { m } from '#lib/paraglide/messages.js';
import type { TopicForm, TopicMessage } from '#lib/schemas/topic.ts';
import type { SaveOutcome } from '#server/topics/index.ts';

type Form = SuperValidated<TopicForm, TopicMessage>;

/** For every outcome but 'saved': the failure to return (the form keeps what the admin typed). */
export function failSave(form: Form, outcome: Exclude<SaveOutcome, { kind: 'saved' }>) {
  switch (outcome.kind) {
    case 'slug_taken':
      return setError(form, 'slug', m.admintopic_error_slug_taken({ slug: outcome.slug }), { status: 409 });
    case 'stale':
      return message(
        form,
        { type: 'error', text: m.admintopic_error_stale({ version: outcome.currentVersion }) },
        { status: 409 }
      );
    case 'not_found':
      return message(form, { type: 'error', text: m.admintopic_error_not_found() }, { status: 404 });
    case 'forbidden':
      return message(form, { type: 'error', text: m.admintopic_error_forbidden() }, { status: 403 });
  }
}

/** The form is invalid: a summary message on top of the field errors, status 400. */
export function failInvalid(form: Form) {
  form.message = { type: 'error', text: m.admintopic_error_form() };
  return fail(400, { form });
}
