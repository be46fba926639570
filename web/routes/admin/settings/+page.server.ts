import { error } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { m } from '#lib/paraglide/messages.js';
import { programSettingsSchema, type ProgramSettingsForm, type SettingsMessage } from '#lib/schemas/program-settings.ts';
import { getSettings, saveSettings } from '#server/settings/index.ts';
import { failInvalid, failSave } from './save-result.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  const settings = await getSettings(locals.claims);
  if (!settings) error(403, { message: m.settings_error_forbidden() });
  const form = await superValidate<ProgramSettingsForm, SettingsMessage>(settings.form, valibot(programSettingsSchema()), {
    errors: false
  });
  return { form, consultants: settings.consultants, updatedAt: settings.updatedAt };
};

export const actions: Actions = {
  // RLS lets only admins change the settings; the version in the form guards against overwriting others.
  default: async ({ locals, request }) => {
    const form = await superValidate<ProgramSettingsForm, SettingsMessage>(
      await request.formData(),
      valibot(programSettingsSchema())
    );
    if (!form.valid) return failInvalid(form);
    const outcome = await saveSettings(locals.claims, form.data);
    if (outcome.kind !== 'saved') return failSave(form, outcome);
    form.data.version = outcome.version;
    const text = outcome.changed.length ? m.settings_saved({ version: outcome.version }) : m.settings_unchanged();
    return message(form, { type: 'success', text });
  }
};
