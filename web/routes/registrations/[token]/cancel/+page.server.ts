import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { cancelByToken } from '#server/registration/index.ts';
import type { Actions } from './$types';

const MAX_REASON = 500;

export const actions: Actions = {
  /** The confirmation step's button: cancels, promotes the next waitlisted person, emails both. */
  default: async ({ request, params }) => {
    const reason = String((await request.formData()).get('reason') ?? '').trim();
    if (reason.length > MAX_REASON || !reason.isWellFormed()) return fail(400, { reason, error: m.manage_reason_too_long() });
    const result = await cancelByToken(params.token, reason || null);
    if (result.kind === 'cancelled') redirect(303, localizeHref(`/registrations/${params.token}?cancelled`));
    if (result.reason === 'not_found') error(404, m.error_not_found());
    const message =
      result.reason === 'already_cancelled' ? m.manage_refused_already_cancelled() : m.manage_refused_session_started();
    return fail(409, { reason, error: message });
  }
};
