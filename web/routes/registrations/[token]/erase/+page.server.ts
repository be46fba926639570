import { error, redirect } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { eraseByToken } from '#server/registration/index.ts';
import type { Actions } from './$types';

export const actions: Actions = {
  /** The confirmation step's button: anonymises the registration; the link dies with it. */
  default: async ({ params }) => {
    const result = await eraseByToken(params.token);
    if (result.kind !== 'erased') error(404, m.error_not_found());
    redirect(303, localizeHref('/registrations/erased'));
  }
};
