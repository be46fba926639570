/** Maps a settings save outcome onto a form: the message and status; the form keeps what the admin typed. */
import { fail } from '@sveltejs/kit';
import { message, setError, type SuperValidated } from 'sveltekit-superforms';
import { m } from '#lib/paraglide/messages.js';
import type { SettingsMessage } from '#lib/schemas/program-settings.ts';
import type { SaveOutcome } from '#server/settings/index.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Form = SuperValidated<any, SettingsMessage>;

export function failSave(form: Form, outcome: Exclude<SaveOutcome, { kind: 'saved' }>) {
  switch (outcome.kind) {
    case 'stale':
      return message(form, { type: 'error', text: m.settings_error_stale({ version: outcome.currentVersion }) }, { status: 409 });
    case 'invalid_manager':
      form.message = { type: 'error', text: m.settings_error_form() };
      return setError(form, 'program_manager_consultant_id', m.settings_error_manager(), { status: 400 });
    case 'forbidden':
      return message(form, { type: 'error', text: m.settings_error_forbidden() }, { status: 403 });
  }
}

export function failInvalid(form: Form) {
  form.message = { type: 'error', text: m.settings_error_form() };
  return fail(400, { form });
}
