import { redirect } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { newTopicForm, topicFormSchema, type TopicMessage } from '#lib/schemas/topic.ts';
import { createTopic } from '#server/topics/index.ts';
import { failInvalid, failSave } from '../save-result.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async () => ({
  form: await superValidate<ReturnType<typeof newTopicForm>, TopicMessage>(newTopicForm(), valibot(topicFormSchema()), {
    errors: false
  })
});

export const actions: Actions = {
  // RLS lets only admins insert topics, whatever reaches this action.
  default: async ({ locals, request }) => {
    const form = await superValidate<ReturnType<typeof newTopicForm>, TopicMessage>(
      await request.formData(),
      valibot(topicFormSchema())
    );
    if (!form.valid) return failInvalid(form);
    const outcome = await createTopic(locals.claims, { ...form.data, version: 0 });
    if (outcome.kind !== 'saved') return failSave(form, outcome);
    redirect(303, localizeHref(`/admin/topics/${outcome.id}?created=1`));
  }
};
