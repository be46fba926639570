import { error } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { m } from '#lib/paraglide/messages.js';
import { topicFormSchema, type TopicForm, type TopicMessage } from '#lib/schemas/topic.ts';
import { withRls } from '#server/db/index.ts';
import { getTopicForEditor, updateTopic } from '#server/topics/index.ts';
import { failInvalid, failSave } from '../save-result.ts';
import type { Actions, PageServerLoad } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const load: PageServerLoad = async ({ locals, params, url }) => {
  if (!UUID.test(params.id)) error(404, { message: m.admintopic_error_not_found() });
  const topic = await withRls(locals.claims, (tx) => getTopicForEditor(tx, params.id));
  if (!topic) error(404, { message: m.admintopic_error_not_found() });
  const form = await superValidate<TopicForm, TopicMessage>(topic.form, valibot(topicFormSchema()), { errors: false });
  if (url.searchParams.has('created')) form.message = { type: 'success', text: m.admintopic_created() };
  if (url.searchParams.has('duplicated')) form.message = { type: 'success', text: m.admintopic_duplicated() };
  return { topic: { id: topic.id, slug: topic.slug, status: topic.status, version: topic.version, title: topic.title }, form };
};

export const actions: Actions = {
  // RLS lets only admins change topics; the version in the form guards against overwriting others.
  default: async ({ locals, params, request }) => {
    if (!UUID.test(params.id)) error(404, { message: m.admintopic_error_not_found() });
    const form = await superValidate<TopicForm, TopicMessage>(await request.formData(), valibot(topicFormSchema()));
    if (!form.valid) return failInvalid(form);
    const outcome = await updateTopic(locals.claims, params.id, form.data);
    if (outcome.kind !== 'saved') return failSave(form, outcome);
    form.data.version = outcome.version;
    const text = outcome.changed.length ? m.admintopic_saved({ version: outcome.version }) : m.admintopic_unchanged();
    return message(form, { type: 'success', text });
  }
};
