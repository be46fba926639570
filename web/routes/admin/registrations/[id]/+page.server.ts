import { error, fail } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { BULK_ACTIONS, parseBulkAction } from '#lib/schemas/admin-registrations.ts';
import {
  applyAction,
  getRegistrationDetail,
  isRefusal,
  resendEmail,
  RESENDABLE_KINDS,
  type ResendableKind
} from '#server/admin-registrations/index.ts';
import { isUuid } from '#server/registration/errors.ts';
import type { Actions, PageServerLoad } from './$types';

function refused(e: unknown): never {
  if (isRefusal(e)) error(403, m.error_forbidden());
  throw e;
}

export const load: PageServerLoad = async ({ locals, params }) => {
  if (!isUuid(params.id)) error(404, m.error_not_found());
  const detail = await getRegistrationDetail(locals.claims, params.id).catch(refused);
  if (!detail) error(404, m.error_not_found());
  return { detail, actions: [...BULK_ACTIONS] };
};

export const actions: Actions = {
  // Single actions use the bulk schema with this one id (buttons named `action`).
  act: async ({ locals, params, request }) => {
    const form = await request.formData();
    form.set('ids', params.id);
    const parsed = parseBulkAction(form);
    if (!parsed.ok) return fail(400, { actionError: parsed.message });
    const result = await applyAction(locals.claims, parsed.input.action, params.id, parsed.input.reason).catch(refused);
    if (!result.ok) return fail(409, { actionRefused: result.reason });
    return { actionDone: parsed.input.action };
  },
  // Buttons named `kind`; no kind (an older form) means the confirmation.
  resend: async ({ locals, params, request }) => {
    if (!isUuid(params.id)) error(404, m.error_not_found());
    const kind = String((await request.formData()).get('kind') ?? 'confirmation');
    if (!(RESENDABLE_KINDS as readonly string[]).includes(kind)) return fail(400, { actionError: m.adminreg_action_invalid() });
    const result = await resendEmail(locals.claims, params.id, kind as ResendableKind).catch(refused);
    if (!result.ok) return fail(409, { actionRefused: result.reason });
    return { resent: kind as ResendableKind };
  }
};
