import { error, fail } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { m } from '#lib/paraglide/messages.js';
import { getLocale } from '#lib/paraglide/runtime.js';
import {
  EMAIL_KINDS,
  emailTextsSchema,
  isEmailKind,
  type EmailTextsForm,
  type SettingsMessage
} from '#lib/schemas/program-settings.ts';
import { emailTextsFor, getSettings, previewEmailTexts, saveEmailTexts } from '#server/settings/index.ts';
import { failInvalid, failSave } from '../save-result.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  const settings = await getSettings(locals.claims);
  if (!settings) error(403, { message: m.settings_error_forbidden() });
  const requested = url.searchParams.get('kind') ?? '';
  const kind = isEmailKind(requested) ? requested : EMAIL_KINDS[0];
  const form = await superValidate<EmailTextsForm, SettingsMessage>(
    { version: settings.form.version, kind, ...emailTextsFor(settings.emailTemplates, kind) },
    valibot(emailTextsSchema()),
    { errors: false }
  );
  return { form, kind, customised: Object.keys(settings.emailTemplates) };
};

const parse = async (request: Request) =>
  superValidate<EmailTextsForm, SettingsMessage>(await request.formData(), valibot(emailTextsSchema()));

export const actions: Actions = {
  // RLS lets only admins change the settings; the version in the form guards against overwriting others.
  save: async ({ locals, request }) => {
    const form = await parse(request);
    if (!form.valid) return failInvalid(form);
    const outcome = await saveEmailTexts(locals.claims, form.data);
    if (outcome.kind !== 'saved') return failSave(form, outcome);
    form.data.version = outcome.version;
    const text = outcome.changed.length ? m.settings_emails_saved({ version: outcome.version }) : m.settings_unchanged();
    return message(form, { type: 'success', text });
  },
  // Renders the typed (unsaved) texts with sample data; stores nothing. Admins only, like the page.
  preview: async ({ locals, request }) => {
    const form = await parse(request);
    if (!(await getSettings(locals.claims))) return fail(403, { form });
    if (!form.valid) return failInvalid(form);
    const preview = await previewEmailTexts(form.data, getLocale() === 'de' ? 'de' : 'en');
    return { form, preview };
  }
};
