import { error, fail, redirect } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { m } from '#lib/paraglide/messages.js';
import { getLocale, localizeHref } from '#lib/paraglide/runtime.js';
import { registrationSchema } from '#lib/schemas/registration.ts';
import { consumeDraftLimit, turnstileSiteKey } from '#server/registration/abuse.ts';
import {
  currentRegistrationSession,
  draftFromFormData,
  expiryInfo,
  forgetRegistrationSession,
  rememberFields
} from '#server/registration-session/index.ts';
import { registrationTargetBySlug, sessionBySlug } from '#server/registration-session/sessions.ts';
import { blockedMessage, registrationContext } from '#server/registration-session/http.ts';
import { submitRegistration } from '#server/registration-session/submit.ts';
import { sessionSummary } from '#server/registration-session/summary.ts';
import { refusalStatus, refusalText } from '#server/registration-session/text.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, cookies, url }) => {
  const page = await sessionBySlug(locals.claims, params.slug);
  if (!page) error(404, m.error_not_found());
  const saved = await currentRegistrationSession(cookies);
  // Auto-fill from the registration session; no errors shown for a form nobody has submitted yet.
  const form = await superValidate(saved?.fields ?? {}, valibot(registrationSchema()), { errors: false });
  return {
    form,
    session: sessionSummary(page, getLocale()),
    autofilled: Object.keys(saved?.fields ?? {}).length > 0,
    expiry: expiryInfo(saved),
    turnstileSiteKey: turnstileSiteKey(),
    forgotten: url.searchParams.has('forgotten')
  };
};

export const actions: Actions = {
  register: async ({ request, locals, params, cookies, url, getClientAddress }) => {
    const formData = await request.formData();
    const form = await superValidate(formData, valibot(registrationSchema()));
    if (!form.valid) {
      // Keep what was typed (a reload or the next visit resumes it), unless a bot filled the honeypot.
      if (!formData.get('fax')) await rememberFields(cookies, draftFromFormData(formData));
      return fail(400, { form });
    }
    const target = await registrationTargetBySlug(locals.claims, params.slug);
    if (!target) return message(form, m.register_refused_session_not_found(), { status: 404 });
    const result = await submitRegistration({
      cookies,
      formData,
      form: form.data,
      targets: [{ sessionId: target.id, slug: target.slug }],
      ip: getClientAddress(),
      context: registrationContext(url)
    });
    if (result.kind === 'blocked') return message(form, blockedMessage(result.decision), { status: result.decision.status });
    const [outcome] = result.outcomes;
    if (outcome.kind === 'refused')
      return message(form, refusalText(outcome.reason!), { status: refusalStatus(outcome.reason!) });
    redirect(303, localizeHref(`/webinars/${target.slug}/registered`));
  },

  /** Live save while typing (JavaScript only): keeps the draft for a reload or a later visit. */
  draft: async ({ request, cookies, getClientAddress }) => {
    const limit = await consumeDraftLimit(getClientAddress());
    if (!limit.allowed) return fail(429);
    const saved = await rememberFields(cookies, draftFromFormData(await request.formData()));
    return { expiry: expiryInfo(saved) };
  },

  /** "Forget my details": deletes the registration session and its cookie. */
  forget: async ({ cookies, params }) => {
    await forgetRegistrationSession(cookies);
    redirect(303, localizeHref(`/webinars/${params.slug}/register?forgotten`));
  }
};
