import { error, fail } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import * as v from 'valibot';
import { m } from '#lib/paraglide/messages.js';
import { getLocale } from '#lib/paraglide/runtime.js';
import { consultantAdminSchema, consultantLifecycleSchema, type ConsultantAdminForm } from '#lib/schemas/consultant-admin.ts';
import { unavailablePeriodSchema } from '#lib/schemas/consultant-profile.ts';
import { inviteConsultant } from '#server/auth/invitations.ts';
import {
  addUnavailablePeriod,
  getConsultantForEditor,
  removeUnavailablePeriod,
  setConsultantActive,
  updateConsultant
} from '#server/consultants-admin/index.ts';
import { failInvalid, failSave, type FormMessage } from '../save-result.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
  const consultant = await getConsultantForEditor(locals.claims, params.id);
  if (!consultant) error(404, { message: m.adminconsultant_error_not_found() });
  const form = await superValidate<ConsultantAdminForm, FormMessage>(consultant.form, valibot(consultantAdminSchema()), {
    errors: false
  });
  if (url.searchParams.has('created')) form.message = { type: 'success', text: m.adminconsultant_created() };
  const { form: _values, ...rest } = consultant;
  return { consultant: rest, form };
};

const fields = async (request: Request) => Object.fromEntries(await request.formData()) as Record<string, string>;
const refused = (kind: 'not_found' | 'forbidden') =>
  kind === 'forbidden'
    ? fail(403, { actionError: m.adminconsultant_error_forbidden() })
    : fail(404, { actionError: m.adminconsultant_error_not_found() });

async function lifecycle(locals: App.Locals, id: string, request: Request, active: boolean) {
  const parsed = v.safeParse(consultantLifecycleSchema(), await fields(request));
  if (!parsed.success) return fail(400, { actionError: parsed.issues[0].message });
  const outcome = await setConsultantActive(locals.claims, id, active, parsed.output.version);
  if (outcome.kind === 'stale')
    return fail(409, { actionError: m.adminconsultant_error_stale_action({ version: outcome.currentVersion }) });
  if (outcome.kind !== 'saved') return refused(outcome.kind);
  return { notice: active ? m.adminconsultant_reactivated() : m.adminconsultant_deactivated() };
}

export const actions: Actions = {
  // Every service below refuses anyone but an admin, and RLS checks again in the database.
  save: async ({ locals, params, request }) => {
    const form = await superValidate<ConsultantAdminForm, FormMessage>(
      await request.formData(),
      valibot(consultantAdminSchema())
    );
    if (!form.valid) return failInvalid(form);
    const outcome = await updateConsultant(locals.claims, params.id, form.data);
    if (outcome.kind !== 'saved') return failSave(form, outcome);
    form.data.version = outcome.version;
    const text = outcome.changed.length ? m.adminconsultant_saved({ version: outcome.version }) : m.adminconsultant_unchanged();
    return message(form, { type: 'success', text });
  },
  addPeriod: async ({ locals, params, request }) => {
    const input = await fields(request);
    const parsed = v.safeParse(unavailablePeriodSchema(), input);
    if (!parsed.success) return fail(400, { periodError: parsed.issues[0].message, period: input });
    const { from, to, reason } = parsed.output;
    const outcome = await addUnavailablePeriod(locals.claims, params.id, { from, to, reason: reason || null });
    if (outcome.kind !== 'added') return refused(outcome.kind);
    return { notice: m.adminconsultant_period_added() };
  },
  removePeriod: async ({ locals, params, request }) => {
    const outcome = await removeUnavailablePeriod(locals.claims, params.id, String((await fields(request)).period_id ?? ''));
    if (outcome.kind !== 'removed') return refused(outcome.kind);
    return { notice: m.adminconsultant_period_removed() };
  },
  invite: async ({ locals, params, request }) => {
    const language = (await fields(request)).language === 'de' ? 'de' : getLocale() === 'de' ? 'de' : 'en';
    const outcome = await inviteConsultant(locals.claims, params.id, language);
    switch (outcome.kind) {
      case 'sent':
        return {
          notice: m.adminconsultant_invited({
            email: outcome.email,
            expires: outcome.expiresAt.toISOString().slice(0, 16).replace('T', ' ') + ' UTC'
          })
        };
      case 'sent_by_supabase':
        return { notice: m.adminconsultant_invited_supabase({ email: outcome.email }) };
      case 'inactive':
        return fail(409, { actionError: m.adminconsultant_error_invite_inactive() });
      case 'already_confirmed':
        return fail(409, { actionError: m.adminconsultant_error_invite_confirmed() });
      case 'provider_error':
        return fail(503, { actionError: m.adminconsultant_error_invite_provider() });
      case 'email_taken':
        return fail(409, { actionError: m.adminconsultant_error_invite_email_taken() });
      case 'unsupported':
        return fail(501, { actionError: m.adminconsultant_error_invite_unsupported() });
      default:
        return refused(outcome.kind);
    }
  },
  deactivate: async ({ locals, params, request }) => lifecycle(locals, params.id, request, false),
  reactivate: async ({ locals, params, request }) => lifecycle(locals, params.id, request, true)
};
