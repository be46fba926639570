import { fail, redirect } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { getLocale, localizeHref } from '#lib/paraglide/runtime.js';
import { formatDateTime } from '#lib/format.ts';
import { pickText } from '#lib/i18n/text.ts';
import { multiRegistrationSchema } from '#lib/schemas/registration.ts';
import { turnstileSiteKey } from '#server/registration/abuse.ts';
import { currentRegistrationSession, draftFromFormData, expiryInfo, rememberFields } from '#server/registration-session/index.ts';
import { blockedMessage, registrationContext } from '#server/registration-session/http.ts';
import { registrableSessions } from '#server/registration-session/sessions.ts';
import { submitRegistration } from '#server/registration-session/submit.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, cookies, url }) => {
  const [sessions, saved] = await Promise.all([registrableSessions(locals.claims), currentRegistrationSession(cookies)]);
  // Preselect the session the visitor came from and the ones chosen earlier in this registration session.
  const wanted = new Set([
    ...(saved?.sessionIds ?? []),
    ...sessions.filter((s) => s.slug === url.searchParams.get('session')).map((s) => s.id)
  ]);
  const sessionIds = sessions.filter((s) => wanted.has(s.id)).map((s) => s.id);
  const form = await superValidate({ ...saved?.fields, sessionIds }, valibot(multiRegistrationSchema()), { errors: false });
  const locale = getLocale();
  return {
    form,
    sessions: sessions.map((s) => ({
      id: s.id,
      title: pickText(s.title, locale).text,
      when: formatDateTime(s.starts_at, s.timezone, locale),
      zone: s.timezone,
      waitlist: s.state === 'full-waitlist'
    })),
    expertise: [...new Set(sessions.flatMap((s) => s.speakers.flatMap((p) => p.expertise)))].slice(0, 20),
    autofilled: Object.keys(saved?.fields ?? {}).length > 0,
    expiry: expiryInfo(saved),
    turnstileSiteKey: turnstileSiteKey()
  };
};

export const actions: Actions = {
  default: async ({ request, locals, cookies, url, getClientAddress }) => {
    const formData = await request.formData();
    const form = await superValidate(formData, valibot(multiRegistrationSchema()));
    if (!form.valid) {
      if (!formData.get('fax')) await rememberFields(cookies, draftFromFormData(formData));
      return fail(400, { form });
    }
    // Only sessions open right now; a stale or forged id is reported as "not found" on the results page.
    const open = new Map((await registrableSessions(locals.claims)).map((s) => [s.id, s.slug]));
    const targets = form.data.sessionIds.map((id) => ({ sessionId: id, slug: open.get(id) ?? '' }));
    const result = await submitRegistration({
      cookies,
      formData,
      form: form.data,
      targets,
      ip: getClientAddress(),
      context: registrationContext(url)
    });
    if (result.kind === 'blocked') return message(form, blockedMessage(result.decision), { status: result.decision.status });
    redirect(303, localizeHref('/registrations/multi/results'));
  }
};
