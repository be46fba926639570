import { redirect } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { m } from '#lib/paraglide/messages.js';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { newSessionSchema, type SessionMessage } from '#lib/schemas/session-steps.ts';
import { createSessionDraft, listTopicOptions } from '#server/sessions-admin/index.ts';
import { failInvalid } from '../outcome.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => ({
  topics: await listTopicOptions(locals.claims),
  form: await superValidate<{ topic_id: string }, SessionMessage>(
    { topic_id: url.searchParams.get('topic') ?? '' },
    valibot(newSessionSchema()),
    { errors: false }
  )
});

export const actions: Actions = {
  // Step 1 creates the draft; RLS lets only admins insert sessions, whatever reaches this action.
  default: async ({ locals, request }) => {
    const form = await superValidate<{ topic_id: string }, SessionMessage>(await request.formData(), valibot(newSessionSchema()));
    if (!form.valid) return failInvalid(form);
    const outcome = await createSessionDraft(locals.claims, form.data.topic_id);
    if (outcome.kind === 'forbidden')
      return message(form, { type: 'error', text: m.adminsession_error_forbidden() }, { status: 403 });
    if (outcome.kind === 'not_found')
      return message(
        form,
        { type: 'error', text: m.adminsession_error_invalid({ field: m.adminsession_field_topic_id() }) },
        { status: 400 }
      );
    redirect(303, localizeHref(`/admin/sessions/${outcome.id}/edit/consultants?created=1`));
  }
};
