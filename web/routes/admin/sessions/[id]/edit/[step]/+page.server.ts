import { error, redirect } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { m } from '#lib/paraglide/messages.js';
import { localizeHref } from '#lib/paraglide/runtime.js';
import {
  cancelSessionSchema,
  isSessionStep,
  SESSION_STEPS,
  STEP_SCHEMAS,
  versionOnlySchema,
  type SessionMessage,
  type SessionStep
} from '#lib/schemas/session-steps.ts';
import {
  cancelSession,
  duplicateSession,
  getSessionEditor,
  listTopicOptions,
  saveSessionStep,
  stepFormValues,
  suggestConsultants
} from '#server/sessions-admin/index.ts';
import { failInvalid, failSave } from '../../../outcome.ts';
import { topicFromSession } from '#server/topics/index.ts';
import type { Actions, PageServerLoad } from './$types';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const adapter = (step: SessionStep) => valibot(STEP_SCHEMAS[step]() as any);
const stepOf = (value: string): SessionStep => {
  if (!isSessionStep(value)) error(404, { message: m.error_not_found() });
  return value;
};

export const load: PageServerLoad = async ({ locals, params }) => {
  const step = stepOf(params.step);
  const data = await getSessionEditor(locals.claims, params.id);
  if (!data) error(404, { message: m.adminsession_error_not_found() });
  return {
    step,
    data,
    form: await superValidate<Record<string, unknown>, SessionMessage>(stepFormValues(step, data), adapter(step), {
      errors: false
    }),
    topics: step === 'topic' ? await listTopicOptions(locals.claims) : [],
    suggestions: step === 'consultants' ? await suggestConsultants(locals.claims, params.id) : [],
    cancelForm: await superValidate({ version: data.session.version, reason: '' }, valibot(cancelSessionSchema()), {
      errors: false,
      id: 'cancel'
    })
  };
};

const target = (id: string, step: SessionStep, nav: FormDataEntryValue | null) => {
  const at = SESSION_STEPS.indexOf(step);
  const next =
    nav === 'back'
      ? SESSION_STEPS[Math.max(at - 1, 0)]
      : nav === 'next'
        ? SESSION_STEPS[Math.min(at + 1, SESSION_STEPS.length - 1)]
        : step;
  return `/admin/sessions/${id}/edit/${next}`;
};

export const actions: Actions = {
  // Saves this step into the session (RLS lets only admins write), then goes back, forward or stays.
  save: async ({ locals, params, request }) => {
    const step = stepOf(params.step);
    const body = await request.formData();
    const form = await superValidate<Record<string, unknown>, SessionMessage>(body, adapter(step));
    if (!form.valid) return failInvalid(form);
    const outcome = await saveSessionStep(locals.claims, params.id, step, form.data as never);
    if (outcome.kind !== 'saved')
      return failSave(form, outcome, String(body.get('timezone') ?? body.get('session_timezone') ?? 'UTC'));
    const flash = new URLSearchParams({ saved: '1' });
    if (outcome.promoted) flash.set('promoted', String(outcome.promoted));
    if (outcome.jobs) flash.set('notified', String(outcome.jobs));
    redirect(303, localizeHref(`${target(params.id, step, body.get('nav'))}?${flash}`));
  },
  duplicate: async ({ locals, params, request }) => {
    const form = await superValidate(await request.formData(), valibot(versionOnlySchema()));
    const outcome = await duplicateSession(locals.claims, params.id);
    if (outcome.kind === 'forbidden')
      return message(form, { type: 'error', text: m.adminsession_error_forbidden() }, { status: 403 });
    if (outcome.kind === 'not_found')
      return message(form, { type: 'error', text: m.adminsession_error_not_found() }, { status: 404 });
    redirect(303, localizeHref(`/admin/sessions/${outcome.id}/edit/schedule?duplicated=${outcome.speakersCopied ? 1 : 2}`));
  },
  // "Make a template from this session": a new draft topic from its texts and format.
  template: async ({ locals, params, request }) => {
    const form = await superValidate(await request.formData(), valibot(versionOnlySchema()));
    const outcome = await topicFromSession(locals.claims, params.id);
    if (outcome.kind !== 'saved')
      return message(
        form,
        {
          type: 'error',
          text: outcome.kind === 'not_found' ? m.adminsession_error_not_found() : m.adminsession_error_forbidden()
        },
        { status: outcome.kind === 'not_found' ? 404 : 403 }
      );
    redirect(303, localizeHref(`/admin/topics/${outcome.id}?created`));
  },
  cancel: async ({ locals, params, request }) => {
    const form = await superValidate<{ version: number; reason: string }, SessionMessage>(
      await request.formData(),
      valibot(cancelSessionSchema()),
      {
        id: 'cancel'
      }
    );
    if (!form.valid) return failInvalid(form);
    const outcome = await cancelSession(locals.claims, params.id, form.data);
    if (outcome.kind !== 'saved') return failSave(form, outcome, 'UTC');
    redirect(303, localizeHref(`/admin/sessions/${params.id}/edit/review?cancelled=${outcome.jobs}`));
  }
};
