import { error, fail } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { m } from '#lib/paraglide/messages.js';
import {
  consultantProfileSchema,
  fromProfile,
  toProfileInput,
  unavailablePeriodSchema
} from '#lib/schemas/consultant-profile.ts';
import {
  addOwnUnavailablePeriod,
  ownProfile,
  removeOwnUnavailablePeriod,
  updateOwnProfile
} from '#server/consultant-portal/index.ts';
import { invalidInputDetail } from '#server/registration/errors.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  const profile = await ownProfile(locals.claims!);
  if (!profile) error(404, m.portal_not_found());
  return {
    name: `${profile.first_name} ${profile.last_name}`,
    timezone: profile.timezone,
    periods: profile.periods,
    form: await superValidate(fromProfile(profile), valibot(consultantProfileSchema()), { errors: false }),
    periodForm: await superValidate(valibot(unavailablePeriodSchema()), { id: 'period' })
  };
};

/** A value the database refuses (a rule the form does not know) is bad input, not a crash. */
function badInput(cause: unknown): string {
  const detail = invalidInputDetail(cause);
  if (!detail) throw cause;
  return `${m.portal_invalid()} (${detail})`;
}

export const actions: Actions = {
  // Only the schema's fields reach the service; anything else in a hand-made POST is dropped.
  profile: async ({ request, locals }) => {
    const form = await superValidate(await request.formData(), valibot(consultantProfileSchema()));
    if (!form.valid) return message(form, m.portal_invalid(), { status: 400 });
    let outcome;
    try {
      outcome = await updateOwnProfile(locals.claims!, toProfileInput(form.data));
    } catch (cause) {
      return message(form, badInput(cause), { status: 400 });
    }
    if (outcome.kind === 'not_found') error(404, m.portal_not_found());
    if (outcome.kind === 'stale') return message(form, m.portal_stale(), { status: 409 });
    form.data.version = outcome.version;
    return message(form, m.portal_saved());
  },
  addPeriod: async ({ request, locals }) => {
    const form = await superValidate(await request.formData(), valibot(unavailablePeriodSchema()), { id: 'period' });
    if (!form.valid) return message(form, m.portal_invalid(), { status: 400 });
    let outcome;
    try {
      outcome = await addOwnUnavailablePeriod(locals.claims!, { ...form.data, reason: form.data.reason || null });
    } catch (cause) {
      return message(form, badInput(cause), { status: 400 });
    }
    if (outcome.kind === 'not_found') error(404, m.portal_not_found());
    return message(form, m.portal_period_added());
  },
  removePeriod: async ({ request, locals }) => {
    const id = String((await request.formData()).get('id') ?? '');
    const outcome = await removeOwnUnavailablePeriod(locals.claims!, id);
    if (outcome.kind === 'not_found') return fail(404, { periodMessage: m.portal_period_not_found() });
    return { periodMessage: m.portal_period_removed() };
  }
};
